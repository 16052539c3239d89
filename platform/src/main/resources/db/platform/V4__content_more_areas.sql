-- Session 5 looks up 40 areas of a picture instead of 13 (SignalSets.areaLookupLabels()): 65 characters
-- each, comma-separated. Rows registered under the 13 keep them; the platform ignores an area list of
-- another length (ContentStore.currentAreas) until the content is registered again.
alter table content alter column areas set data type varchar(4000);
