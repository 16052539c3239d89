-- One piece of content often matches several signals at once (a signal set has up to 60 members).
-- The first open takedown of a content reference leads; later matches of the same content join it as
-- followers while it is undecided: one webhook, one decision for the content, and still one hub
-- attestation per signal. Null = the takedown leads its own group (every row before this migration).
alter table takedown add column lead_id varchar(40);
create index takedown_content_idx on takedown (content_ref, state);
create index takedown_lead_idx on takedown (lead_id);
