-- One row per actor_code of the gazetteer.
with

source as (

    select * from {{ source('reference', 'actors') }}

),

renamed as (

    select
        cast(actor_code as varchar) as actor_code,
        cast(actor_name as varchar) as actor_name,
        cast(actor_kind as varchar) as actor_kind,
        cast(region as varchar) as region

    from source

),

final as (

    select * from renamed
    qualify row_number() over (
        partition by actor_code
        order by actor_name, actor_kind, region
    ) = 1

)

select * from final
