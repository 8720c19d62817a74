-- One row per canonical event (see int_events_deduplicated for how mentions are grouped).
with

mentions as (

    select * from {{ ref('int_events_deduplicated') }}

),

-- an outlet is identified by its name; an article without outlet counts as its own outlet
mentions_attributed as (

    select
        *,
        coalesce(outlet, 'article:' || article_id) as outlet_key
    from mentions

),

-- Modality consensus.
--   1. asserted when >= 2 independent outlets (not reprints) assert it;
--   2. else the modality reported by the most articles;
--   3. ties broken by strength: asserted > alleged > denied > planned.
modality_votes as (

    select
        event_id,
        modality,
        count(distinct article_id) as n_articles,
        count(distinct case when not is_reprint then outlet_key end) as n_independent_outlets
    from mentions_attributed
    where modality is not null
    group by all

),

event_modality as (

    select
        event_id,
        modality
    from modality_votes
    qualify row_number() over (
        partition by event_id
        order by
            (modality = 'asserted' and n_independent_outlets >= 2) desc,
            n_articles desc,
            list_position({{ var('modalities') }}, modality) asc
    ) = 1

),

-- Confidence: noisy-OR over articles, 1 - prod(1 - c_a), where c_a is the best
-- confidence of each article's mentions of the event (several mentions in one article
-- are not independent evidence).
article_confidence as (

    select
        event_id,
        article_id,
        max(coalesce(confidence, 0)) as confidence
    from mentions_attributed
    group by all

),

event_confidence as (

    select
        event_id,
        round(1 - product(1 - least(greatest(confidence, 0), 1)), 6) as confidence
    from article_confidence
    group by all

),

-- The canonical mention gives evidence, article, source/target/parties and location
-- fallback: highest confidence, then the earliest published, then the smallest id.
canonical_mention as (

    select
        event_id,
        mention_id,
        article_id,
        evidence,
        source,
        target,
        parties
    from mentions_attributed
    qualify row_number() over (
        partition by event_id
        order by
            (date_label is not distinct from event_date_label) desc,
            confidence desc nulls last,
            published_at asc nulls last,
            mention_id asc
    ) = 1

),

-- Location: the place named by most articles (ties: alphabetical).
event_location as (

    select event_id, location
    from mentions_attributed
    where location is not null
    group by event_id, location
    qualify row_number() over (
        partition by event_id
        order by count(distinct article_id) desc, location asc
    ) = 1

),

event_counts as (

    select
        event_id,
        any_value(event_type) as event_type,
        any_value(event_date) as event_date,
        any_value(event_date_precision) as date_precision,
        any_value(event_date_label) as date_label,
        coalesce(min(published_at), min(extracted_at)) as first_reported_at,
        count(*) as n_mentions,
        count(distinct article_id) as n_articles,
        count(distinct outlet) as n_outlets
    from mentions_attributed
    group by all

),

final as (

    select
        event_counts.event_id,
        event_counts.event_type,
        case when event_counts.event_type <> 'treaty_signing' then canonical_mention.source end as source,
        case when event_counts.event_type <> 'treaty_signing' then canonical_mention.target end as target,
        case
            when event_counts.event_type = 'treaty_signing'
                then list_sort(list_distinct(canonical_mention.parties))
        end as parties,
        case
            when event_counts.event_type = 'treaty_signing'
                then list_sort(list_distinct(canonical_mention.parties))
            -- list_distinct also drops nulls
            else list_sort(list_distinct([canonical_mention.source, canonical_mention.target]))
        end as states,
        event_counts.event_date,
        event_counts.date_precision,
        event_counts.date_label,
        event_location.location,
        event_modality.modality,
        event_counts.first_reported_at,
        event_counts.n_mentions,
        event_counts.n_articles,
        event_counts.n_outlets,
        event_confidence.confidence,
        canonical_mention.evidence,
        canonical_mention.article_id,
        canonical_mention.mention_id as canonical_mention_id
    from event_counts
    left join canonical_mention on event_counts.event_id = canonical_mention.event_id
    left join event_location on event_counts.event_id = event_location.event_id
    left join event_modality on event_counts.event_id = event_modality.event_id
    left join event_confidence on event_counts.event_id = event_confidence.event_id

)

select * from final
