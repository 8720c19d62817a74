-- One row per quarantined record (quarantine_id); replays keep the latest.
with

source as (

    select * from {{ source('extraction', 'quarantine') }}

),

renamed as (

    select
        cast(quarantine_id as varchar) as quarantine_id,
        cast(asset as varchar) as asset,
        cast(check_name as varchar) as check_name,
        cast(reason as varchar) as reason,
        cast(record_key as varchar) as record_key,
        cast(payload as varchar) as payload,
        cast(run_id as varchar) as run_id,
        cast(quarantined_at as timestamp) as quarantined_at

    from source

),

final as (

    select * from renamed
    qualify row_number() over (
        partition by quarantine_id
        order by quarantined_at desc, run_id desc
    ) = 1

)

select * from final
