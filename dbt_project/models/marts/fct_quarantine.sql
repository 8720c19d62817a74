-- One row per record the pipeline rejected, with its reason.
with

quarantine as (

    select * from {{ ref('stg_extraction__quarantine') }}

),

final as (

    select
        quarantine_id,
        asset,
        check_name,
        reason,
        record_key,
        payload,
        run_id,
        quarantined_at
    from quarantine

)

select * from final
