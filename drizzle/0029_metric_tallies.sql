CREATE TABLE "metric_tallies" (
	"metric" text NOT NULL,
	"l1" text NOT NULL,
	"l2" text NOT NULL,
	"n" bigint NOT NULL,
	"latest" timestamp with time zone,
	CONSTRAINT "metric_tallies_metric_l1_l2_pk" PRIMARY KEY("metric","l1","l2")
);
