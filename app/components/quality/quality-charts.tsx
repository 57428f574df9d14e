import { useEffect, useState, type ReactNode } from "react";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { QualityDay } from "./quality-types";
import { formatAverage, formatDuration, formatPercent, shortDay } from "./quality-format";

/** Charts draw in the browser only (they measure their box); the server sends a placeholder of the same size. */
function useMounted() {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

function ChartFrame({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  const mounted = useMounted();
  return (
    <figure className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <figcaption className="mb-2">
        <span className="block text-sm font-semibold text-slate-900">{title}</span>
        <span className="block text-xs text-slate-500">{description}</span>
      </figcaption>
      {/* A picture for the eye; the same numbers are in the table below (no keyboard stop, hidden from screen readers). */}
      <div className="h-56" aria-hidden="true">
        {mounted ? (
          <ResponsiveContainer width="100%" height="100%">
            {children as React.ReactElement}
          </ResponsiveContainer>
        ) : (
          <div className="flex h-full items-center justify-center text-xs text-slate-500">Drawing the chart…</div>
        )}
      </div>
    </figure>
  );
}

const AXIS = { fontSize: 11, fill: "#64748b" };

/**
 * Three charts over the days of the range: volume and handle time; CSAT, QA
 * and FCR; handoff wait and SLA. The numbers are also in the table below
 * them (screen readers read that, not the pictures).
 */
export function QualityCharts({ days }: { days: QualityDay[] }) {
  const data = days.map((d) => ({
    ...d,
    label: shortDay(d.day),
    handleMinutes: d.avgHandleSeconds === null ? null : Math.round((d.avgHandleSeconds / 60) * 10) / 10,
  }));
  return (
    <div className="grid gap-4 xl:grid-cols-3" data-testid="quality-charts">
      <ChartFrame title="Interactions and handle time" description="Interactions per day (bars) and average handle time in minutes (line).">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -12 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="label" tick={AXIS} interval="preserveStartEnd" />
          <YAxis yAxisId="n" tick={AXIS} allowDecimals={false} />
          <YAxis yAxisId="m" orientation="right" tick={AXIS} unit=" m" />
          <Tooltip formatter={(value, name) => (name === "Handle time" ? `${String(value)} min` : String(value))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar isAnimationActive={false} yAxisId="n" dataKey="interactions" name="Interactions" fill="#818cf8" radius={[3, 3, 0, 0]} />
          <Line isAnimationActive={false} yAxisId="m" dataKey="handleMinutes" name="Handle time" stroke="#0f766e" strokeWidth={2} dot={false} connectNulls />
        </ComposedChart>
      </ChartFrame>
      <ChartFrame title="Satisfaction and quality" description="CSAT average (1–5, left), QA score and first-contact resolution (%, right).">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -12 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="label" tick={AXIS} interval="preserveStartEnd" />
          <YAxis yAxisId="csat" domain={[1, 5]} tick={AXIS} />
          <YAxis yAxisId="pct" orientation="right" domain={[0, 100]} tick={AXIS} unit="%" />
          <Tooltip formatter={(value, name) => (name === "CSAT" ? formatAverage(Number(value)) : formatPercent(Number(value)))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line isAnimationActive={false} yAxisId="csat" dataKey="csatAverage" name="CSAT" stroke="#d97706" strokeWidth={2} connectNulls />
          <Line isAnimationActive={false} yAxisId="pct" dataKey="qaAverage" name="QA score" stroke="#4f46e5" strokeWidth={2} connectNulls />
          <Line isAnimationActive={false} yAxisId="pct" dataKey="fcrPercent" name="FCR" stroke="#16a34a" strokeWidth={2} strokeDasharray="4 3" connectNulls />
        </ComposedChart>
      </ChartFrame>
      <ChartFrame title="Handoff wait and SLA" description="Wait to be accepted, median and 90th percentile (seconds, left); SLA met (%, right).">
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -12 }} accessibilityLayer={false}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="label" tick={AXIS} interval="preserveStartEnd" />
          <YAxis yAxisId="s" tick={AXIS} unit=" s" />
          <YAxis yAxisId="pct" orientation="right" domain={[0, 100]} tick={AXIS} unit="%" />
          <Tooltip formatter={(value, name) => (name === "SLA met" ? formatPercent(Number(value)) : formatDuration(Number(value)))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar isAnimationActive={false} yAxisId="pct" dataKey="slaMetPercent" name="SLA met" fill="#bbf7d0" />
          <Line isAnimationActive={false} yAxisId="s" dataKey="waitMedianSeconds" name="Median wait" stroke="#0284c7" strokeWidth={2} connectNulls />
          <Line isAnimationActive={false} yAxisId="s" dataKey="waitP90Seconds" name="p90 wait" stroke="#dc2626" strokeWidth={2} connectNulls />
        </ComposedChart>
      </ChartFrame>
    </div>
  );
}
