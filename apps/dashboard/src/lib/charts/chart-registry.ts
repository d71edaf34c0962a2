/**
 * The one place Chart.js is set up. Only what the dashboard draws is registered (line and bar charts on
 * linear and category axes, the tooltip, decimation, zoom and our time bands), so the bundler leaves the rest
 * of Chart.js out. Import `Chart` from here, never from 'chart.js' directly, so registration has happened.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Decimation,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import { timeBandsPlugin } from './time-bands-plugin.js';

Chart.register(
  LineController, LineElement, PointElement,
  BarController, BarElement,
  LinearScale, CategoryScale,
  Tooltip, Decimation, zoomPlugin, timeBandsPlugin,
);

// Charts are redrawn when data changes; animating 40,000 points on each change only costs time.
Chart.defaults.animation = false;
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
Chart.defaults.maintainAspectRatio = false;

export { Chart };
