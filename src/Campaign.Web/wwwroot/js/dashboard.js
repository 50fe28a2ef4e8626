// The host dashboard's chart of RSVPs by day (uPlot, loaded before this module from /lib/uplot). Progressive
// enhancement: the table beside it holds the same figures and is what a page without JavaScript shows. The chart reads
// the table, so the two can never disagree. uPlot styles its elements through the CSSOM (no inline style markup), which
// the Content-Security-Policy (style-src 'self') allows.
const table = document.getElementById('rsvp-table');
const box = document.getElementById('rsvp-chart');
const uPlot = window.uPlot;

if (table && box && uPlot) {
  const rows = [...table.tBodies[0].rows];
  const xs = rows.map(r => Number(r.dataset.x));
  const going = rows.map(r => Number(r.dataset.going));
  const answers = rows.map(r => Number(r.dataset.answers));
  const day = 86400;
  box.hidden = false;
  const size = () => ({ width: Math.max(240, Math.floor(box.clientWidth)), height: 220 });
  const chart = new uPlot({
    ...size(),
    // No legend: uPlot draws it as a table without header scopes, and the table beside the chart already names both series.
    legend: { show: false },
    // The x values are days (their midnight read as UTC): shown in UTC so each point is labelled with its own day.
    tzDate: ts => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: {
      x: { time: true, range: (u, min, max) => (min === max ? [min - day, max + day] : [min - day / 2, max + day / 2]) },
      y: { range: (u, min, max) => [0, Math.max(1, max)] },
    },
    series: [
      {},
      { label: box.dataset.going, stroke: '#1d4ed8', width: 2, points: { show: true } },
      { label: box.dataset.answers, stroke: '#b45309', fill: 'rgba(180, 83, 9, 0.3)', paths: uPlot.paths.bars({ size: [0.6, 40] }), points: { show: false } },
    ],
    axes: [{}, { values: (u, ticks) => ticks.map(t => (Number.isInteger(t) ? String(t) : '')) }],
  }, [xs, going, answers], box);
  new ResizeObserver(() => chart.setSize(size())).observe(box);
  box.dataset.ready = 'true';
}
