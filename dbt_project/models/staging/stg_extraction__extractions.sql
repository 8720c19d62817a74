-- One row per (article_id, content_hash, extractor_version): the latest run of it.
with

source as (

    select * from {{ source('extraction', 'extractions') }}

),

renamed as (

    select
        {{ generate_surrogate_key(['article_id', 'content_hash', 'extractor_version']) }} as extraction_id,
        cast(article_id as varchar) as article_id,
        cast(content_hash as varchar) as content_hash,
        cast(extractor_version as varchar) as extractor_version,
        cast(n_events as bigint) as n_events,
        cast(extracted_at as timestamp) as extracted_at,
        cast(batch_id as varchar) as batch_id

    from source

),

final as (

    select * from renamed
    qualify row_number() over (
        partition by extraction_id
        order by extracted_at desc, batch_id desc
    ) = 1

)

select * from final
