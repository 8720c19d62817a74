-- One row per (unordered pair of states, month, event type). A treaty with n parties
-- gives every pair of its parties. Only events dated to the month or the day count:
-- a year-only or undated event has no month.
with

events as (

    select * from {{ ref('fct_events') }}

),

event_states as (

    select
        event_id,
        event_type,
        event_date,
        date_trunc('month', event_date)::date as month_date,
        unnest(states) as actor_code
    from events
    where date_precision in ('day', 'month')

),

pairs as (

    select
        actor_a.event_id,
        actor_a.event_type,
        actor_a.event_date,
        actor_a.month_date,
        actor_a.actor_code as actor_a,
        actor_b.actor_code as actor_b
    from event_states as actor_a
    inner join event_states as actor_b
        on actor_a.event_id = actor_b.event_id
        and actor_a.actor_code < actor_b.actor_code

),

final as (

    select
        {{ generate_surrogate_key(['actor_a', 'actor_b', 'month_date', 'event_type']) }} as dyad_month_id,
        actor_a,
        actor_b,
        month_date,
        event_type,
        count(distinct event_id) as n_events,
        min(event_date) as first_event_date,
        max(event_date) as last_event_date
    from pairs
    group by all

)

select * from final
