-- Every mention's evidence is the article text at its offsets (0-based, end exclusive).
-- Only checked when the mention was extracted from the article's current text.
with

mentions as (

    select * from {{ ref('fct_event_mentions') }}

),

articles as (

    select * from {{ ref('stg_news__articles') }}

)

select
    mentions.mention_id,
    mentions.article_id,
    mentions.evidence,
    substr(articles.article_text, mentions.evidence_start + 1, mentions.evidence_end - mentions.evidence_start) as text_at_offsets
from mentions
inner join articles
    on mentions.article_id = articles.article_id
    and mentions.content_hash = articles.content_hash
where mentions.evidence is not null
    and substr(articles.article_text, mentions.evidence_start + 1, mentions.evidence_end - mentions.evidence_start)
        is distinct from mentions.evidence
