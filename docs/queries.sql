-- Analyst questions answered against the warehouse marts (schema `main`).
-- Open the file read-only, e.g. `duckdb -readonly data/warehouse.duckdb`.
-- Each query starts with a `-- name:` line and a `-- question:` line and ends with `;`
-- (tests/dbt/test_dbt_warehouse.py splits the file on `-- name:` and runs every query).

-- name: arms_transfers_into_russia
-- question: Every arms transfer into Russia, by supplier and month.
select
    source as supplier,
    date_trunc('month', event_date)::date as month_date,
    date_label,
    modality,
    n_articles,
    evidence
from main.fct_events
where event_type = 'arms_transfer'
    and target = 'RUS'
order by month_date nulls last, supplier;

-- name: russia_north_korea_visits_since_2019
-- question: All visits between Russia and North Korea (either direction) since 2019, with their evidence.
select
    events.event_id,
    events.source as visitor,
    events.target as host,
    events.date_label,
    events.location,
    mentions.outlet,
    mentions.published_at,
    mentions.evidence
from main.fct_events as events
inner join main.fct_event_mentions as mentions on events.event_id = mentions.event_id
where events.event_type = 'visit'
    and list_sort(events.states) = ['PRK', 'RUS']
    and events.event_date >= date '2019-01-01'
order by events.event_date, mentions.published_at;

-- name: treaties_signed_by_north_korea
-- question: Treaties signed by North Korea, oldest first.
select
    event_id,
    parties,
    date_label,
    location,
    modality,
    n_articles,
    evidence
from main.fct_events
where event_type = 'treaty_signing'
    and list_contains(parties, 'PRK')
order by event_date asc nulls last;

-- name: single_outlet_events
-- question: Which events were reported by only one outlet (least corroborated)?
select
    event_id,
    event_type,
    states,
    date_label,
    modality,
    confidence,
    article_id,
    evidence
from main.fct_events
where n_outlets <= 1
order by confidence asc, event_date;

-- name: busiest_dyads
-- question: Which pairs of states interact most, by event type?
select
    actor_a,
    actor_b,
    event_type,
    sum(n_events) as n_events,
    min(first_event_date) as first_event_date,
    max(last_event_date) as last_event_date
from main.fct_dyad_months
group by all
order by n_events desc, actor_a, actor_b
limit 20;

-- name: modality_share
-- question: What share of events is asserted vs alleged (vs denied / planned), per event type?
select
    event_type,
    modality,
    count(*) as n_events,
    round(count(*) / sum(count(*)) over (partition by event_type), 3) as share
from main.fct_events
group by event_type, modality
order by event_type, n_events desc;

-- name: quarantine_reasons
-- question: Why were records rejected, and by which asset and check?
select
    asset,
    check_name,
    reason,
    count(*) as n_records,
    max(quarantined_at) as last_quarantined_at
from main.fct_quarantine
group by all
order by n_records desc, asset, check_name;

-- name: articles_without_events
-- question: Which articles produced no events (to review extraction recall)?
select
    article_id,
    outlet,
    published_at,
    title,
    word_count
from main.dim_articles
where n_events_found = 0
order by published_at desc nulls last;

-- name: most_active_actors
-- question: Which actors take part in the most events, and over what period?
select
    actor_code,
    actor_name,
    actor_kind,
    n_events,
    first_seen_date,
    last_seen_date
from main.dim_actors
where n_events > 0
order by n_events desc, actor_code;

-- name: actor_monthly_activity
-- question: How active was each actor month by month, and in which roles?
select
    actor_code,
    month_date,
    event_type,
    n_events,
    roles
from main.fct_actor_months
order by actor_code, month_date, event_type;

-- name: contested_events
-- question: Which events do outlets report with different modalities (e.g. one asserts, another calls it alleged)?
select
    events.event_id,
    events.event_type,
    events.states,
    events.date_label,
    events.modality as consensus_modality,
    list_sort(list_distinct(list(mentions.modality))) as reported_modalities,
    count(distinct mentions.article_id) as n_articles
from main.fct_events as events
inner join main.fct_event_mentions as mentions on events.event_id = mentions.event_id
group by all
having count(distinct mentions.modality) > 1
order by n_articles desc;

-- name: reporting_lag
-- question: How long after a dated event do outlets first report it (days), per event type?
select
    event_type,
    count(*) as n_events,
    round(median(date_diff('day', event_date, cast(first_reported_at as date))), 1) as median_lag_days,
    max(date_diff('day', event_date, cast(first_reported_at as date))) as max_lag_days
from main.fct_events
where date_precision = 'day'
    and first_reported_at is not null
group by all
order by event_type;

-- name: outlet_coverage
-- question: Which outlets report the most distinct events, and how many of them alone?
with outlet_events as (
    select distinct mentions.outlet, mentions.event_id, events.n_outlets
    from main.fct_event_mentions as mentions
    inner join main.fct_events as events on mentions.event_id = events.event_id
    where mentions.outlet is not null
)
select
    outlet,
    count(*) as n_events,
    count(*) filter (where n_outlets = 1) as n_exclusive_events
from outlet_events
group by all
order by n_events desc, outlet;
