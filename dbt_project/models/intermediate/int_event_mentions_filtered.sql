-- One row per mention of each article's CURRENT extraction, with its article's facts.
--
-- The current extraction of an article is the (content_hash, extractor_version) run with
-- the latest extracted_at, preferring runs on the article's current text (its latest
-- ingested content_hash); when the current text is not extracted yet, the latest run on
-- an older text is kept so the article does not lose its events meanwhile. Runs are read
-- from `extractions` and, defensively, from the mentions themselves. Bumping the
-- extractor version or re-ingesting a changed text therefore REPLACES the article's
-- mentions instead of adding to them.
with

mentions as (

    select * from {{ ref('stg_extraction__event_mentions') }}

),

extractions as (

    select * from {{ ref('stg_extraction__extractions') }}

),

articles as (

    select * from {{ ref('stg_news__articles') }}

),

extraction_runs as (

    select article_id, content_hash, extractor_version, extracted_at from extractions
    union all
    select article_id, content_hash, extractor_version, max(extracted_at)
    from mentions
    group by all

),

current_extraction as (

    select
        extraction_runs.article_id,
        extraction_runs.content_hash,
        extraction_runs.extractor_version
    from extraction_runs
    left join articles on extraction_runs.article_id = articles.article_id
    qualify row_number() over (
        partition by extraction_runs.article_id
        order by
            (extraction_runs.content_hash = articles.content_hash) desc nulls last,
            extraction_runs.extracted_at desc,
            extraction_runs.extractor_version desc,
            extraction_runs.content_hash desc
    ) = 1

),

current_mentions as (

    select mentions.*
    from mentions
    inner join current_extraction
        on mentions.article_id = current_extraction.article_id
        and mentions.content_hash is not distinct from current_extraction.content_hash
        and mentions.extractor_version is not distinct from current_extraction.extractor_version

),

final as (

    select
        current_mentions.*,
        case
            when current_mentions.event_type = 'treaty_signing'
                then array_to_string(list_sort(list_distinct(current_mentions.parties)), '+')
            else coalesce(current_mentions.source, '?') || '>' || coalesce(current_mentions.target, '?')
        end as states_key,
        articles.outlet,
        articles.published_at,
        articles.is_reprint
    from current_mentions
    left join articles on current_mentions.article_id = articles.article_id

)

select * from final
