import { chartPoints, linePath } from "../lib/insights";

const WIDTH = 320;
const HEIGHT = 90;
const PAD = 6;

/**
 * A small line chart in inline SVG: one value per label (nulls are gaps), its latest value in words beside the title. The
 * SVG is an image with a description; the same figures are in a table for screen readers.
 */
export function LineChart({ title, labels, values, format, max }: {
  title: string; labels: string[]; values: (number | null)[]; format: (value: number) => string; max?: number;
}) {
  const points = chartPoints(values, WIDTH - 2 * PAD, HEIGHT - 2 * PAD, max);
  const known = values.filter((v): v is number => v !== null);
  const latest = points.length ? points[points.length - 1] : null;
  const description = known.length
    ? `${title}: ${known.length} of ${values.length} days with data, latest ${format(latest!.value)} on ${labels[latest!.index]}.`
    : `${title}: no data in this window.`;
  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}{latest && <span className="muted"> · latest {format(latest.value)}</span>}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={description} preserveAspectRatio="none" className="chart-svg">
        <line x1={PAD} y1={HEIGHT - PAD} x2={WIDTH - PAD} y2={HEIGHT - PAD} className="chart-axis" />
        <g transform={`translate(${PAD} ${PAD})`}>
          <path d={linePath(points)} className="chart-line" fill="none" />
          {points.map((p) => (
            <circle key={p.index} cx={p.x} cy={p.y} r={2.5} className="chart-dot"><title>{`${labels[p.index]}: ${format(p.value)}`}</title></circle>
          ))}
        </g>
      </svg>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <tbody>{labels.map((label, i) => <tr key={label}><th scope="row">{label}</th><td>{values[i] === null ? "no data" : format(values[i]!)}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}
