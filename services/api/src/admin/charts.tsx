/** @jsxImportSource hono/jsx */

const BAR_HEIGHT = 18;
const LABEL_WIDTH = 170;
const WIDTH = 460;

/** A horizontal bar chart as inline SVG: no script, no library, readable without colour. */
export function BarChart(props: { title: string; rows: [string, number][]; unit?: string }) {
  const rows = props.rows.slice(0, 12);
  const max = Math.max(1, ...rows.map(([, value]) => value));
  const height = rows.length * BAR_HEIGHT + 4;
  const span = WIDTH - LABEL_WIDTH - 50;
  return (
    <figure>
      <figcaption>
        <strong>{props.title}</strong>
      </figcaption>
      <svg
        width={WIDTH}
        height={height}
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={props.title}
      >
        {rows.map(([label, value], index) => {
          const y = index * BAR_HEIGHT + 2;
          const width = Math.max(1, Math.round((value / max) * span));
          return (
            <g>
              <text x={0} y={y + 13}>
                {label.length > 26 ? `${label.slice(0, 25)}…` : label}
              </text>
              <rect
                x={LABEL_WIDTH}
                y={y + 2}
                width={width}
                height={BAR_HEIGHT - 5}
                fill="#3a6fb0"
              />
              <text x={LABEL_WIDTH + width + 4} y={y + 13}>
                {`${value}${props.unit ?? ''}`}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
