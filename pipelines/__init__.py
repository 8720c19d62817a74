"""Event-data warehouse: news articles -> state visits, treaty signings, arms transfers."""
