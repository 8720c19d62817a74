-- A visit or arms transfer goes from one state to ANOTHER.
select event_id, source, target
from {{ ref('fct_events') }}
where source = target

union all

select mention_id, source, target
from {{ ref('fct_event_mentions') }}
where source = target
