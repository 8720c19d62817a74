-- Cross-article deduplication: one row per current mention, with the canonical event it
-- reports (event_id). fct_events aggregates these rows; fct_event_mentions exposes them.
--
-- Rule (see the model's YAML for the full description and its limits):
--   1. Mentions can only match within a GROUP: same event_type and the same states
--      (source>target in order for visits and arms transfers, the sorted set of parties
--      for treaties). Codes are compared as written (SUN and RUS differ).
--   2. Two dates are COMPATIBLE when they are equal at the coarsest precision both give;
--      with YYYY / YYYY-MM / YYYY-MM-DD labels that is "one label is a prefix of the other".
--   3. Every distinct dated label of a group is a candidate ANCHOR. A candidate is dropped
--      when a compatible candidate is better: confident (some mention with confidence >=
--      dedup_min_confidence) beats not confident, then finer beats coarser. The surviving
--      anchors are the canonical events; their label is the canonical date.
--   4. A dated mention joins the anchor with its own label; otherwise the compatible
--      anchor most plausibly meant: the latest one starting on or before its article's
--      publication, else the earliest one. A dated mention with no compatible anchor left
--      anchors an event at its own date.
--   5. An undated mention joins the latest anchor starting on or before its article's
--      publication and at most dedup_undated_max_lag_days earlier; else the earliest
--      anchor after the publication; else it forms the group's undated event. Without a
--      publication date it joins the group's latest anchor.
--   6. event_id = md5(event_type, states_key, canonical label or null): it depends only
--      on the anchor, never on which or how many mentions joined it.
{{ config(materialized='table') }}
{%- set min_confidence = var('dedup_min_confidence') %}
{%- set max_lag_days = var('dedup_undated_max_lag_days') %}

with

mentions as (

    select * from {{ ref('int_event_mentions_filtered') }}

),

mentions_grouped as (

    select
        *,
        event_type || '|' || states_key as group_key,
        -- a label that does not parse is treated as no date
        case when mention_date is not null then date_label end as dated_label,
        coalesce(confidence, 0) >= {{ min_confidence }} as is_confident,
        cast(published_at as date) as published_date
    from mentions

),

date_candidates as (

    select
        group_key,
        dated_label as anchor_label,
        left(dated_label, 4) as anchor_year,
        min(mention_date) as anchor_start,
        bool_or(is_confident) as is_confident
    from mentions_grouped
    where dated_label is not null
    group by all

),

anchors as (

    select candidate.*
    from date_candidates as candidate
    where not exists (
        select 1
        from date_candidates as better
        where better.group_key = candidate.group_key
            and better.anchor_year = candidate.anchor_year
            and better.anchor_label <> candidate.anchor_label
            -- compatible: equal at the coarser of the two precisions
            and left(better.anchor_label, least(length(better.anchor_label), length(candidate.anchor_label)))
                = left(candidate.anchor_label, least(length(better.anchor_label), length(candidate.anchor_label)))
            and (
                (better.is_confident and not candidate.is_confident)
                or (
                    better.is_confident = candidate.is_confident
                    and length(better.anchor_label) > length(candidate.anchor_label)
                )
            )
    )

),

-- assignments depend only on (group, label, publication date): solve each request once
dated_requests as (

    select distinct group_key, dated_label, published_date
    from mentions_grouped
    where dated_label is not null

),

dated_requests_exact as (

    select dated_requests.*, anchors.anchor_label
    from dated_requests
    inner join anchors
        on dated_requests.group_key = anchors.group_key
        and dated_requests.dated_label = anchors.anchor_label

),

dated_requests_compatible as (

    select dated_requests.*, anchors.anchor_label
    from dated_requests
    inner join anchors
        on dated_requests.group_key = anchors.group_key
        and left(dated_requests.dated_label, 4) = anchors.anchor_year
        and left(anchors.anchor_label, least(length(anchors.anchor_label), length(dated_requests.dated_label)))
            = left(dated_requests.dated_label, least(length(anchors.anchor_label), length(dated_requests.dated_label)))
    where not exists (
        select 1 from anchors as own
        where own.group_key = dated_requests.group_key
            and own.anchor_label = dated_requests.dated_label
    )
    qualify row_number() over (
        partition by dated_requests.group_key, dated_requests.dated_label, dated_requests.published_date
        order by
            (dated_requests.published_date is null or anchors.anchor_start <= dated_requests.published_date) desc,
            case
                when dated_requests.published_date is null or anchors.anchor_start <= dated_requests.published_date
                    then anchors.anchor_start
            end desc nulls last,
            anchors.anchor_start asc,
            anchors.anchor_label asc
    ) = 1

),

dated_assignments as (

    select * from dated_requests_exact
    union all
    select * from dated_requests_compatible

),

undated_requests as (

    select distinct group_key, published_date
    from mentions_grouped
    where dated_label is null

),

undated_latest_before as (

    select undated_requests.*, anchors.anchor_label, anchors.anchor_start
    from undated_requests
    asof inner join anchors
        on undated_requests.group_key = anchors.group_key
        and undated_requests.published_date >= anchors.anchor_start

),

undated_earliest_after as (

    select undated_requests.*, anchors.anchor_label, anchors.anchor_start
    from undated_requests
    asof inner join anchors
        on undated_requests.group_key = anchors.group_key
        and undated_requests.published_date < anchors.anchor_start

),

latest_anchor_per_group as (

    select group_key, arg_max(anchor_label, anchor_start) as anchor_label
    from anchors
    group by all

),

undated_assignments as (

    select
        undated_requests.group_key,
        undated_requests.published_date,
        case
            when undated_requests.published_date is null
                then latest_anchor_per_group.anchor_label
            when undated_latest_before.anchor_start
                    >= undated_requests.published_date - {{ max_lag_days }}
                then undated_latest_before.anchor_label
            else undated_earliest_after.anchor_label
        end as anchor_label
    from undated_requests
    left join undated_latest_before
        on undated_requests.group_key = undated_latest_before.group_key
        and undated_requests.published_date = undated_latest_before.published_date
    left join undated_earliest_after
        on undated_requests.group_key = undated_earliest_after.group_key
        and undated_requests.published_date = undated_earliest_after.published_date
    left join latest_anchor_per_group
        on undated_requests.group_key = latest_anchor_per_group.group_key

),

assigned as (

    select
        mentions_grouped.*,
        case
            when mentions_grouped.dated_label is not null
                -- no compatible anchor left: the mention anchors its own event
                then coalesce(dated_assignments.anchor_label, mentions_grouped.dated_label)
            else undated_assignments.anchor_label
        end as event_date_label
    from mentions_grouped
    left join dated_assignments
        on mentions_grouped.dated_label is not null
        and mentions_grouped.group_key = dated_assignments.group_key
        and mentions_grouped.dated_label = dated_assignments.dated_label
        and mentions_grouped.published_date is not distinct from dated_assignments.published_date
    left join undated_assignments
        on mentions_grouped.dated_label is null
        and mentions_grouped.group_key = undated_assignments.group_key
        and mentions_grouped.published_date is not distinct from undated_assignments.published_date

),

final as (

    select
        {{ generate_surrogate_key(['event_type', 'states_key', 'event_date_label']) }} as event_id,
        group_key || '|' || coalesce(event_date_label, 'undated') as event_key,
        event_date_label,
        {{ date_precision_of('event_date_label') }} as event_date_precision,
        {{ date_from_label('event_date_label') }} as event_date,
        * exclude (group_key, dated_label, is_confident, published_date, event_date_label)
    from assigned

)

select * from final
