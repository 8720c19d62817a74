-- One row per current event mention (an article's report of an event), with the
-- canonical event it belongs to.
--
-- Incremental, and always equal to a full refresh:
--   * new or CHANGED rows (a row whose content hash differs, e.g. because deduplication
--     moved the mention to another event) are delete+inserted on mention_id;
--   * the post-hook deletes rows whose mention is no longer current (superseded by a
--     newer extraction of its article).
{{
    config(
        materialized='incremental',
        unique_key='mention_id',
        incremental_strategy='delete+insert',
        on_schema_change='sync_all_columns',
        post_hook=[
            "delete from {{ this }} as t where not exists (select 1 from {{ ref('int_events_deduplicated') }} as s where s.mention_id = t.mention_id)"
        ]
    )
}}

with

deduplicated as (

    select * from {{ ref('int_events_deduplicated') }}

),

renamed as (

    select
        mention_id,
        event_id,
        article_id,
        event_type,
        source,
        target,
        parties,
        date_label,
        date_precision,
        mention_date,
        location,
        persons,
        modality,
        items,
        quantity,
        evidence,
        evidence_start,
        evidence_end,
        sentences,
        confidence,
        extractor_version,
        content_hash,
        extracted_at,
        published_at,
        outlet,
        is_reprint
    from deduplicated

),

hashed as (

    select
        *,
        md5(cast(renamed as varchar)) as row_hash
    from renamed

),

final as (

    select * from hashed
    {% if is_incremental() %}
    where not exists (
        select 1 from {{ this }} as existing
        where existing.mention_id = hashed.mention_id
            and existing.row_hash = hashed.row_hash
    )
    {% endif %}

)

select * from final
