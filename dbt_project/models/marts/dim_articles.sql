-- One row per article (its latest ingested version), with how many canonical events its
-- current extraction found.
with

articles as (

    select * from {{ ref('stg_news__articles') }}

),

mentions as (

    select * from {{ ref('int_events_deduplicated') }}

),

events_found as (

    select
        article_id,
        count(distinct event_id) as n_events_found,
        count(*) as n_mentions
    from mentions
    group by all

),

final as (

    select
        articles.article_id,
        articles.title,
        articles.url,
        articles.outlet,
        articles.published_at,
        articles.published_local_date,
        articles.ingested_at,
        articles.language,
        articles.word_count,
        articles.is_reprint,
        articles.content_hash,
        articles.source_name,
        articles.source_format,
        coalesce(events_found.n_events_found, 0) as n_events_found,
        coalesce(events_found.n_mentions, 0) as n_mentions
    from articles
    left join events_found on articles.article_id = events_found.article_id

)

select * from final
