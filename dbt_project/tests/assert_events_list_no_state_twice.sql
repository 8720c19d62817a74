-- No event lists a state twice: parties are distinct, and an event has one participant
-- row per actor.
select event_id, 'parties' as problem
from {{ ref('fct_events') }}
where parties is not null and len(parties) <> len(list_distinct(parties))

union all

select event_id, 'participants' as problem
from {{ ref('fct_event_participants') }}
group by event_id, actor_code
having count(*) > 1
