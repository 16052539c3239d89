-- The area look-ups of the picture (SignalSets.areaLookupLabels(): its halves and small crops), in that
-- order, comma-separated, an empty item where the hash is below the quality floor: a report arriving
-- after the upload finds a stored copy with a sticker or a caption, or cropped off-centre.
alter table content add column areas varchar(900);

-- A takedown names the look-up that matched; area look-ups are named like area/crop_l0_t0_r0_b50.
alter table takedown alter column variant set data type varchar(64);
