{#-
  Helpers for the lake's partial dates: a label is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
  date_precision_of(label): day / month / year from the label's length.
  date_from_label(label): the first day of the period, as a DATE.
-#}
{% macro date_precision_of(label) -%}
    case length({{ label }})
        when 10 then 'day'
        when 7 then 'month'
        when 4 then 'year'
    end
{%- endmacro %}

{% macro date_from_label(label) -%}
    try_cast(
        case length({{ label }})
            when 10 then {{ label }}
            when 7 then {{ label }} || '-01'
            when 4 then {{ label }} || '-01-01'
        end
    as date)
{%- endmacro %}
