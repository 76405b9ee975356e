-- Extensions for Vietnamese search (both ship with PostgreSQL contrib and with PGlite).
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- Diacritic- and case-insensitive search key. unaccent() itself is only STABLE (its dictionary
-- could change), so this wrapper pins the dictionary and is declared IMMUTABLE so that it can be
-- used in generated columns and indexes. NFC first, so decomposed input matches precomposed.
CREATE OR REPLACE FUNCTION ocop_norm(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, normalize(input, NFC))) $$;
