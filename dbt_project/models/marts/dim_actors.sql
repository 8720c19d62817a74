-- One row per actor: the extractor's gazetteer, plus any code seen in events but missing
-- from it (is_in_gazetteer = false, name = code), with its activity span.
with

actors as (

    select * from {{ ref('stg_reference__actors') }}

),

participants as (

    select * from {{ ref('fct_event_participants') }}

),

events as (

    select * from {{ ref('fct_events') }}

),

activity as (

    select
        participants.actor_code,
        min(events.event_date) as first_seen_date,
        max(events.event_date) as last_seen_date,
        count(distinct participants.event_id) as n_events
    from participants
    inner join events on participants.event_id = events.event_id
    group by all

),

unknown_actors as (

    select
        activity.actor_code,
        activity.actor_code as actor_name,
        cast(null as varchar) as actor_kind,
        cast(null as varchar) as region,
        false as is_in_gazetteer
    from activity
    anti join actors on activity.actor_code = actors.actor_code

),

all_actors as (

    select actor_code, actor_name, actor_kind, region, true as is_in_gazetteer
    from actors
    union all
    select * from unknown_actors

),

final as (

    select
        all_actors.actor_code,
        all_actors.actor_name,
        all_actors.actor_kind,
        all_actors.region,
        all_actors.is_in_gazetteer,
        activity.first_seen_date,
        activity.last_seen_date,
        coalesce(activity.n_events, 0) as n_events
    from all_actors
    left join activity on all_actors.actor_code = activity.actor_code

)

select * from final
