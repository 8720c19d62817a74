{#-
  md5 over the given columns (or SQL expressions), null-safe: a null is hashed as a
  marker distinct from the empty string, and columns are joined with a separator so
  ('ab', 'c') and ('a', 'bc') differ. Same result as dbt_utils.generate_surrogate_key.
-#}
{% macro generate_surrogate_key(field_list) -%}
    md5(concat_ws('-'
    {%- for field in field_list %},
        coalesce(cast({{ field }} as varchar), '_dbt_utils_surrogate_key_null_')
    {%- endfor %}
    ))
{%- endmacro %}
