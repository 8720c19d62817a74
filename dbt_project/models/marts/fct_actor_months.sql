-- One row per (actor, month, event type): how active each actor was. Only events dated
-- to the month or the day count (as in fct_dyad_months).
with

participants as (

    select * from {{ ref('fct_event_participants') }}

),

events as (

    select * from {{ ref('fct_events') }}

),

final as (

    select
        {{ generate_surrogate_key(['participants.actor_code', "date_trunc('month', events.event_date)", 'events.event_type']) }} as actor_month_id,
        participants.actor_code,
        date_trunc('month', events.event_date)::date as month_date,
        events.event_type,
        count(distinct events.event_id) as n_events,
        list_sort(list_distinct(list(participants.role))) as roles
    from participants
    inner join events on participants.event_id = events.event_id
    where events.date_precision in ('day', 'month')
    group by all

)

select * from final
