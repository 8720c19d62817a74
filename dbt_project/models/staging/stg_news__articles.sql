-- One row per article: its latest ingested version (replayed batches and re-ingested
-- versions collapse onto the article_id).
with

source as (

    select * from {{ source('news', 'articles') }}

),

renamed as (

    select
        cast(article_id as varchar) as article_id,
        cast(content_hash as varchar) as content_hash,
        cast(title as varchar) as title,
        cast(text as varchar) as article_text,
        cast(url as varchar) as url,
        cast(outlet as varchar) as outlet,
        cast(published_at as timestamp) as published_at,
        cast(published_local_date as date) as published_local_date,
        cast(language as varchar) as language,
        cast(source_name as varchar) as source_name,
        cast(source_uri as varchar) as source_uri,
        cast(source_format as varchar) as source_format,
        coalesce(cast(is_reprint as boolean), false) as is_reprint,
        cast(word_count as bigint) as word_count,
        cast(ingested_at as timestamp) as ingested_at,
        cast(batch_id as varchar) as batch_id

    from source

),

final as (

    select * from renamed
    qualify row_number() over (
        partition by article_id
        order by ingested_at desc, content_hash desc, batch_id desc
    ) = 1

)

select * from final
