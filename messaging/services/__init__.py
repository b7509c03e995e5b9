"""Messaging domain actions: consent, templates, queueing and sending, webhooks and inbound messages."""
