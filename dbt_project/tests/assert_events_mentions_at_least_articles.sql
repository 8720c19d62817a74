-- An event has at least one mention per reporting article, and at least one article.
select event_id, n_mentions, n_articles, n_outlets
from {{ ref('fct_events') }}
where n_mentions < n_articles
    or n_articles < 1
    or n_outlets > n_articles
