{#-
  Use a model's custom schema as is (staging, intermediate, main) instead of dbt's
  default `<target_schema>_<custom>`, so every mart lands in `main`.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
