import type { QualityMetrics, QualityReport } from "../../../server/support/quality.report";

export type { QualityMetrics };
export type QualityDay = QualityReport["days"][number];
