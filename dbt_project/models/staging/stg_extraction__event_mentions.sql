-- One row per mention_id (replayed batches collapse; the latest extraction run wins).
-- Selecting each article's current extraction changes the grain and lives in
-- int_event_mentions_filtered.
with

source as (

    select * from {{ source('extraction', 'event_mentions') }}

),

renamed as (

    select
        cast(mention_id as varchar) as mention_id,
        cast(article_id as varchar) as article_id,
        cast(content_hash as varchar) as content_hash,
        cast(event_type as varchar) as event_type,
        cast(source as varchar) as source,
        cast(target as varchar) as target,
        cast(parties as varchar[]) as parties,
        cast(date as varchar) as date_label,
        coalesce(
            cast(date_precision as varchar),
            {{ date_precision_of('cast(date as varchar)') }}
        ) as date_precision,
        {{ date_from_label('cast(date as varchar)') }} as mention_date,
        cast(location as varchar) as location,
        cast(persons as varchar[]) as persons,
        cast(modality as varchar) as modality,
        cast(items as varchar) as items,
        cast(quantity as varchar) as quantity,
        cast(evidence as varchar) as evidence,
        cast(evidence_start as bigint) as evidence_start,
        cast(evidence_end as bigint) as evidence_end,
        sentences,
        cast(confidence as double) as confidence,
        cast(extractor_version as varchar) as extractor_version,
        cast(extracted_at as timestamp) as extracted_at,
        cast(batch_id as varchar) as batch_id

    from source

),

final as (

    select * from renamed
    qualify row_number() over (
        partition by mention_id
        order by extracted_at desc, batch_id desc
    ) = 1

)

select * from final
