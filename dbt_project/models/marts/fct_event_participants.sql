-- One row per (event, actor, role): visitor/host for visits, supplier/recipient for arms
-- transfers, party for each treaty signatory.
with

events as (

    select * from {{ ref('fct_events') }}

),

roles as (

    select event_id, source as actor_code, 'visitor' as role
    from events where event_type = 'visit'
    union all
    select event_id, target, 'host'
    from events where event_type = 'visit'
    union all
    select event_id, source, 'supplier'
    from events where event_type = 'arms_transfer'
    union all
    select event_id, target, 'recipient'
    from events where event_type = 'arms_transfer'
    union all
    select event_id, unnest(parties), 'party'
    from events where event_type = 'treaty_signing'

),

final as (

    select
        {{ generate_surrogate_key(['event_id', 'actor_code', 'role']) }} as participant_id,
        event_id,
        actor_code,
        role
    from roles
    where actor_code is not null

)

select * from final
