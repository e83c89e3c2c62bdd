// The public results page: reads the public JSON API and draws tables and inline SVG charts. No framework and no
// external resources, so the page works offline and wherever the service runs.
'use strict';

(function () {
  const API = '/api/v1/public';
  const SVG = 'http://www.w3.org/2000/svg';
  const WAITING_MEASURE = 'guarantee_compliance';
  // Measures a first-time visitor most likely wants, in order; the first one the unit has is shown.
  const PREFERRED_MEASURES = ['first_visits', 'operations', 'discharges', 'waiting_count'];

  const STATUS_TEXT = {
    GREEN: { symbol: '\u2714', text: 'On target' },
    YELLOW: { symbol: '\u25B2', text: 'Somewhat off target' },
    RED: { symbol: '\u2716', text: 'Off target' },
    NONE: { symbol: '\u2013', text: 'No status' }
  };
  const FEED_TEXT = {
    VISITS: 'visits',
    OPERATIONS: 'operations',
    BED_OCCUPANCY: 'bed census',
    WAITING_LIST: 'waiting list'
  };
  const PLAN_TEXT = {
    TARGET: 'target',
    CAPACITY_FORECAST: 'capacity forecast',
    INFLOW_FORECAST: 'inflow forecast',
    WAITING_FORECAST: 'waiting-list forecast'
  };

  // The key figures of /api/v1/public/key-figures in words, and how each value is written: shares in per cent.
  const KEY_FIGURE_TEXT = {
    operations_per_operating_hour: { name: 'Operations per operating hour', unit: 'operations per hour' },
    care_days_per_staffed_bed: { name: 'Care days per staffed bed', unit: 'care days per bed' },
    occupancy_rate: { name: 'Bed occupancy', unit: '% of staffed beds occupied', percent: true },
    first_visit_share: { name: 'First visits among planned visits', unit: '% first visits', percent: true },
    waiting_over_limit_per_1000: { name: 'Waiting longer than the care guarantee, per 1,000 waiting',
      unit: 'per 1,000 waiting' },
    first_visits_vs_plan_pct: { name: 'First visits against target', unit: '% of target' },
    operations_vs_plan_pct: { name: 'Operations against target', unit: '% of target' }
  };
  const DIRECTION_TEXT = {
    HIGHER_IS_BETTER: 'Higher is better: rank 1 has the highest value.',
    LOWER_IS_BETTER: 'Lower is better: rank 1 has the lowest value.',
    NEUTRAL: 'Neither higher nor lower is better in itself: rank 1 has the highest value.'
  };

  const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
  const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric',
    timeZone: 'UTC' });

  const elements = {
    organisation: document.getElementById('organisation'),
    unit: document.getElementById('unit'),
    measure: document.getElementById('measure'),
    year: document.getElementById('year'),
    keyFigure: document.getElementById('key-figure'),
    status: document.getElementById('status'),
    asOf: document.getElementById('as-of')
  };

  const state = { asOf: null, organisations: [], unit: null, measures: [], keyFigures: null };
  // Each load gets a number; an answer that arrives after a newer choice is dropped.
  let generation = 0;
  let organisationGeneration = 0;
  let keyFigureGeneration = 0;
  let reportGeneration = 0;
  let approvedGeneration = 0;
  const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

  // ------------------------------------------------------------------------------------------------------------
  // Small helpers
  // ------------------------------------------------------------------------------------------------------------

  function el(name, attributes, children) {
    const node = document.createElement(name);
    setAttributes(node, attributes);
    append(node, children);
    return node;
  }

  function svgEl(name, attributes, children) {
    const node = document.createElementNS(SVG, name);
    setAttributes(node, attributes);
    append(node, children);
    return node;
  }

  function setAttributes(node, attributes) {
    Object.entries(attributes || {}).forEach(([key, value]) => {
      if (value !== null && value !== undefined) {
        node.setAttribute(key, String(value));
      }
    });
  }

  function append(node, children) {
    [].concat(children === undefined ? [] : children).forEach((child) => {
      if (child === null || child === undefined) {
        return;
      }
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  async function getJson(path) {
    const response = await fetch(path, { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      let detail = response.statusText;
      try {
        detail = (await response.json()).detail || detail;
      } catch (ignored) {
        // not problem details: keep the status text
      }
      throw new Error(detail);
    }
    return response.json();
  }

  function date(iso) {
    return dateFormat.format(new Date(iso + 'T00:00:00Z'));
  }

  function measureInfo(measure) {
    return state.measures.find((m) => m.measure === measure) || { measure: measure, unitOfMeasure: '' };
  }

  function measureName(measure) {
    const name = measure.replace(/_/g, ' ');
    return name.charAt(0).toUpperCase() + name.slice(1);
  }

  function isFraction(measure) {
    return measure === 'occupancy_rate' || measure.endsWith('_compliance');
  }

  function formatValue(measure, value) {
    if (value === null || value === undefined) {
      return 'no figure';
    }
    return isFraction(measure) ? numberFormat.format(value * 100) + ' %' : numberFormat.format(value);
  }

  function formatPct(value) {
    if (value === null || value === undefined) {
      return '\u2013';
    }
    return (value > 0 ? '+' : '') + numberFormat.format(value) + ' %';
  }

  // On a narrow screen a wide table scrolls inside its own box instead of widening the page; the box takes focus
  // so that it can be scrolled with the keyboard.
  function scrollable(table, caption) {
    return el('div', { class: 'table-scroll', role: 'region', tabindex: '0', 'aria-label': caption }, table);
  }

  function statusCell(status) {
    const shown = STATUS_TEXT[status] || STATUS_TEXT.NONE;
    return el('td', { class: 'status-' + (STATUS_TEXT[status] ? status : 'NONE') },
      [el('span', { 'aria-hidden': 'true' }, shown.symbol + ' '), shown.text]);
  }

  function announce(text) {
    elements.status.textContent = text;
  }

  // ------------------------------------------------------------------------------------------------------------
  // Deficiencies in words
  // ------------------------------------------------------------------------------------------------------------

  function deficiencyText(deficiency) {
    const feed = FEED_TEXT[deficiency.feed] || (deficiency.feed || '').toLowerCase();
    switch (deficiency.kind) {
      case 'MISSING_DATA':
        return deficiency.periodKind === 'WEEK'
          ? 'No ' + feed + ' report for the week of ' + date(deficiency.periodStart)
          : 'No ' + feed + ' report for ' + date(deficiency.periodStart);
      case 'LATE_REPORTING':
        return deficiency.lateEvents + ' of ' + deficiency.acceptedEvents + ' ' + feed
          + ' records were reported late; the figure changed after the week';
      case 'OUTLIER':
        return 'Unusual value, far from the unit\u2019s usual level: check before drawing conclusions';
      case 'IMPLAUSIBLE':
        return 'Implausible value (' + (deficiency.rule || 'rule broken').toLowerCase().replace(/_/g, ' ') + ')';
      default:
        return deficiency.kind;
    }
  }

  function renderDeficiencyList(aside, weeks, subject) {
    const list = aside.querySelector('.deficiency-list');
    clear(list);
    const affected = weeks.filter((week) => week.deficiencies.length > 0);
    if (affected.length === 0) {
      list.appendChild(el('p', { class: 'no-deficiencies' },
        'No known deficiencies in the data behind ' + subject + '.'));
      return;
    }
    list.appendChild(el('p', {}, affected.length + ' of ' + weeks.length + ' weeks of ' + subject
      + ' have known deficiencies. Those weeks are marked with ! in the chart.'));
    const items = affected.map((week) => el('li', { class: 'deficiency-note', 'data-week': week.weekStart }, [
      el('strong', {}, 'Week ' + week.isoWeek + ' (' + date(week.weekStart) + '): '),
      el('ul', {}, week.deficiencies.map((d) => el('li', {}, deficiencyText(d))))
    ]));
    list.appendChild(el('ul', {}, items));
  }

  // ------------------------------------------------------------------------------------------------------------
  // Year-to-date tables
  // ------------------------------------------------------------------------------------------------------------

  function missingText(row, organisationLevel) {
    if (row.missingReports === 0) {
      return 'None known';
    }
    const reports = row.missingReports + (row.missingReports === 1 ? ' report' : ' reports') + ' missing this year';
    return organisationLevel ? reports + ' (' + row.unitsMissing + (row.unitsMissing === 1 ? ' unit)' : ' units)')
      : reports;
  }

  function yearToDateTable(rows, caption, organisationLevel) {
    if (rows.length === 0) {
      return el('p', {}, 'No planned figures have been published for this year yet.');
    }
    const head = el('thead', {}, el('tr', {}, [
      el('th', { scope: 'col' }, 'Measure'),
      el('th', { scope: 'col' }, 'Compared with'),
      el('th', { scope: 'col', class: 'number' }, 'Outcome'),
      el('th', { scope: 'col', class: 'number' }, 'Plan so far'),
      el('th', { scope: 'col', class: 'number' }, 'Difference'),
      el('th', { scope: 'col' }, 'Status'),
      el('th', { scope: 'col' }, 'Known data deficiencies')
    ]));
    const body = el('tbody', {}, rows.map((row) => el('tr', { 'data-measure': row.measure }, [
      el('th', { scope: 'row' }, measureName(row.measure)),
      el('td', {}, PLAN_TEXT[row.planKind] || row.planKind),
      el('td', { class: 'number' }, formatValue(row.measure, row.actual)),
      el('td', { class: 'number' }, formatValue(row.measure, row.expected)),
      el('td', { class: 'number' }, formatPct(row.deviationPct)),
      statusCell(row.status),
      el('td', { class: row.missingReports > 0 ? 'deficiency-cell' : null }, [
        row.missingReports > 0 ? el('span', { class: 'deficiency-flag', 'aria-hidden': 'true' }, '! ') : null,
        missingText(row, organisationLevel)
      ])
    ])));
    return scrollable(el('table', { class: 'year-to-date' }, [el('caption', {}, caption), head, body]), caption);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Charts
  // ------------------------------------------------------------------------------------------------------------

  const WIDTH = 760;
  const HEIGHT = 300;
  const MARGIN = { top: 24, right: 16, bottom: 40, left: 64 };

  function scale(domainMin, domainMax, rangeMin, rangeMax) {
    const span = domainMax - domainMin || 1;
    return (value) => rangeMin + (value - domainMin) * (rangeMax - rangeMin) / span;
  }

  function niceMax(value) {
    if (!(value > 0)) {
      return 1;
    }
    const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    const steps = [1, 2, 2.5, 5, 10];
    const step = steps.find((s) => s * magnitude >= value);
    return step * magnitude;
  }

  // An svg with role img, named by its title and described by its desc, so a screen reader announces a summary;
  // the full figures are in the table below each chart.
  function chartFrame(id, title, description) {
    const svg = svgEl('svg', {
      id: id,
      class: 'chart',
      viewBox: '0 0 ' + WIDTH + ' ' + HEIGHT,
      role: 'img',
      'aria-labelledby': id + '-title ' + id + '-desc'
    });
    svg.appendChild(svgEl('title', { id: id + '-title' }, title));
    svg.appendChild(svgEl('desc', { id: id + '-desc' }, description));
    return svg;
  }

  function axes(svg, weeks, x, y, yMax, measure) {
    const bottom = HEIGHT - MARGIN.bottom;
    const group = svgEl('g', { 'aria-hidden': 'true' });
    for (let i = 0; i <= 4; i++) {
      const value = yMax * i / 4;
      const position = y(value);
      group.appendChild(svgEl('line', { class: 'grid', x1: MARGIN.left, x2: WIDTH - MARGIN.right,
        y1: position, y2: position }));
      group.appendChild(svgEl('text', { x: MARGIN.left - 6, y: position + 4, 'text-anchor': 'end' },
        formatValue(measure, value)));
    }
    group.appendChild(svgEl('line', { class: 'axis', x1: MARGIN.left, x2: WIDTH - MARGIN.right,
      y1: bottom, y2: bottom }));
    const every = Math.max(1, Math.ceil(weeks.length / 13));
    weeks.forEach((week, index) => {
      if (index % every === 0) {
        group.appendChild(svgEl('text', { x: x(index), y: bottom + 16, 'text-anchor': 'middle' },
          'w' + week.isoWeek));
      }
    });
    group.appendChild(svgEl('text', { x: (MARGIN.left + WIDTH - MARGIN.right) / 2, y: HEIGHT - 6,
      'text-anchor': 'middle' }, 'ISO week'));
    svg.appendChild(group);
  }

  function lowProductionBands(svg, weeks, x, band) {
    const group = svgEl('g', { 'aria-hidden': 'true' });
    weeks.forEach((week, index) => {
      if (week.lowProduction) {
        group.appendChild(svgEl('rect', { class: 'low-production', x: x(index) - band / 2, y: MARGIN.top,
          width: band, height: HEIGHT - MARGIN.top - MARGIN.bottom }));
      }
    });
    svg.appendChild(group);
  }

  function deficiencyMarkers(svg, weeks, x) {
    const group = svgEl('g', { class: 'deficiency-markers', 'aria-hidden': 'true' });
    weeks.forEach((week, index) => {
      if (week.deficiencies.length > 0) {
        const cx = x(index);
        const top = MARGIN.top - 18;
        group.appendChild(svgEl('path', { class: 'deficiency-marker', 'data-week': week.weekStart,
          d: 'M' + cx + ' ' + top + ' l7 14 l-14 0 z' }));
        group.appendChild(svgEl('text', { class: 'deficiency-marker-label', x: cx, y: top + 12,
          'text-anchor': 'middle' }, '!'));
      }
    });
    svg.appendChild(group);
  }

  function linePath(points) {
    return points.map((p, i) => (i === 0 ? 'M' : 'L') + p[0].toFixed(1) + ' ' + p[1].toFixed(1)).join(' ');
  }

  function legend(items) {
    return el('ul', { class: 'legend', 'aria-hidden': 'true' }, items.map((item) => {
      const sample = svgEl('svg', { viewBox: '0 0 28 14', focusable: 'false' });
      if (item.kind === 'bar') {
        sample.appendChild(svgEl('rect', { class: 'bar point', x: 6, y: 1, width: 16, height: 12,
          style: 'fill: var(--accent)' }));
      } else if (item.kind === 'plan') {
        sample.appendChild(svgEl('line', { x1: 0, x2: 28, y1: 7, y2: 7,
          style: 'stroke: var(--plan); stroke-width: 2.5; stroke-dasharray: 6 4' }));
      } else if (item.kind === 'line') {
        sample.appendChild(svgEl('line', { x1: 0, x2: 28, y1: 7, y2: 7,
          style: 'stroke: var(--accent); stroke-width: 2.5' }));
      } else if (item.kind === 'goal') {
        sample.appendChild(svgEl('line', { x1: 0, x2: 28, y1: 7, y2: 7,
          style: 'stroke: var(--green-text); stroke-width: 1.5; stroke-dasharray: 2 3' }));
      } else if (item.kind === 'low') {
        sample.appendChild(svgEl('rect', { x: 0, y: 0, width: 28, height: 14, style: 'fill: #e6e6e6' }));
      } else {
        sample.appendChild(svgEl('path', { d: 'M14 0 l7 14 l-14 0 z', style: 'fill: var(--red-text)' }));
      }
      return el('li', {}, [sample, item.text]);
    }));
  }

  function plotArea(weeks, yMax) {
    const band = (WIDTH - MARGIN.left - MARGIN.right) / Math.max(weeks.length, 1);
    const x = (index) => MARGIN.left + band * (index + 0.5);
    const y = scale(0, yMax, HEIGHT - MARGIN.bottom, MARGIN.top);
    return { band: band, x: x, y: y };
  }

  function countOf(weeks, field) {
    return weeks.filter((w) => w[field] !== null && w[field] !== undefined).length;
  }

  // Bars for the weekly outcome, a dashed line with open markers for the plan.
  function weeklyChart(figures) {
    const measure = figures.measure;
    const weeks = figures.weeks;
    const planText = PLAN_TEXT[figures.planKind] || 'plan';
    const values = weeks.flatMap((w) => [w.actual, w.planned]).filter((v) => v !== null && v !== undefined);
    const yMax = isFraction(measure) ? 1 : niceMax(Math.max.apply(null, values.concat([0])));
    const area = plotArea(weeks, yMax);
    const withDeficiencies = weeks.filter((w) => w.deficiencies.length > 0).length;
    const actualTotal = weeks.reduce((sum, w) => sum + (w.actual || 0), 0);
    const plannedTotal = weeks.reduce((sum, w) => sum + (w.planned || 0), 0);
    const summary = measureName(measure) + ' per week in ' + figures.year + ': ' + countOf(weeks, 'actual')
      + ' weeks with an outcome' + (figures.planKind ? ' and ' + countOf(weeks, 'planned') + ' with a '
        + planText : '') + '. '
      + (figures.kind === 'COUNT' && figures.planKind ? 'In total ' + numberFormat.format(actualTotal)
        + ' against ' + numberFormat.format(plannedTotal) + ' planned. ' : '')
      + withDeficiencies + ' weeks have known data deficiencies. Every week is listed in the table below.';
    const svg = chartFrame('weekly-chart', measureName(measure) + ' per week, outcome against ' + planText,
      summary);
    lowProductionBands(svg, weeks, area.x, area.band);
    axes(svg, weeks, area.x, area.y, yMax, measure);

    const bars = svgEl('g', { class: 'series-actual' });
    const barWidth = Math.max(2, area.band * 0.6);
    weeks.forEach((week, index) => {
      if (week.actual !== null && week.actual !== undefined) {
        const top = area.y(Math.min(Math.max(week.actual, 0), yMax));
        bars.appendChild(svgEl('rect', { class: 'bar point', 'data-week': week.weekStart,
          'data-value': week.actual, x: area.x(index) - barWidth / 2, y: top, width: barWidth,
          height: HEIGHT - MARGIN.bottom - top }, svgEl('title', {}, 'Week ' + week.isoWeek + ': '
          + formatValue(measure, week.actual))));
      }
    });
    svg.appendChild(bars);

    const planned = weeks.map((w, i) => [w, i]).filter(([w]) => w.planned !== null && w.planned !== undefined);
    if (planned.length > 0) {
      const plan = svgEl('g', { class: 'series-plan' });
      plan.appendChild(svgEl('path', { class: 'line-plan', d: linePath(planned.map(([w, i]) =>
        [area.x(i), area.y(Math.min(w.planned, yMax))])) }));
      planned.forEach(([w, i]) => plan.appendChild(svgEl('circle', { class: 'plan-point',
        'data-week': w.weekStart, cx: area.x(i), cy: area.y(Math.min(w.planned, yMax)), r: 2.5 })));
      svg.appendChild(plan);
    }
    deficiencyMarkers(svg, weeks, area.x);

    const items = [{ kind: 'bar', text: 'Outcome' }];
    if (planned.length > 0) {
      items.push({ kind: 'plan', text: measureName(planText) });
    }
    items.push({ kind: 'low', text: 'Low-production week (e.g. summer)' });
    items.push({ kind: 'marker', text: 'Week with known data deficiencies' });
    return [el('figcaption', {}, measureName(measure) + ' per week, ' + figures.year), svg, legend(items)];
  }

  // Running totals of outcome and plan over the year: only meaningful for counts, which add up over weeks.
  function cumulativeChart(figures) {
    const measure = figures.measure;
    const weeks = figures.weeks;
    let actualSum = 0;
    let planSum = 0;
    const running = weeks.map((w) => {
      actualSum += w.actual || 0;
      planSum += w.planned || 0;
      return { week: w, actual: w.actual === null ? null : actualSum, planned: w.planned === null ? null : planSum };
    });
    const yMax = niceMax(Math.max(actualSum, planSum));
    const area = plotArea(weeks, yMax);
    const summary = 'Running total of ' + measureName(measure).toLowerCase() + ' in ' + figures.year + ': '
      + numberFormat.format(actualSum) + ' done by week ' + (weeks.length ? weeks[weeks.length - 1].isoWeek : 0)
      + (figures.planKind ? ' against ' + numberFormat.format(planSum) + ' planned by then (' +
        formatPct(planSum ? 100 * (actualSum - planSum) / planSum : null) + ').' : '.')
      + ' These are the sums of the weeks shown; the year-to-date table above follows the plan by calendar day.';
    const svg = chartFrame('cumulative-chart', 'Running total of ' + measureName(measure).toLowerCase()
      + ' against plan', summary);
    axes(svg, weeks, area.x, area.y, yMax, measure);
    const actualPoints = running.map((r, i) => [r, i]).filter(([r]) => r.actual !== null);
    svg.appendChild(svgEl('path', { class: 'line-actual', d: linePath(actualPoints.map(([r, i]) =>
      [area.x(i), area.y(r.actual)])) }));
    const planPoints = running.map((r, i) => [r, i]).filter(([r]) => r.planned !== null);
    if (planPoints.length > 0) {
      svg.appendChild(svgEl('path', { class: 'line-plan', d: linePath(planPoints.map(([r, i]) =>
        [area.x(i), area.y(r.planned)])) }));
    }
    const points = svgEl('g', { class: 'series-actual' });
    actualPoints.forEach(([r, i]) => points.appendChild(svgEl('circle', { class: 'point',
      'data-week': r.week.weekStart, 'data-value': r.actual, cx: area.x(i), cy: area.y(r.actual), r: 3 })));
    svg.appendChild(points);
    deficiencyMarkers(svg, weeks, area.x);
    return [el('figcaption', {}, 'Running total, ' + figures.year), svg,
      legend([{ kind: 'line', text: 'Outcome so far' }, { kind: 'plan', text: 'Plan so far' },
        { kind: 'marker', text: 'Week with known data deficiencies' }])];
  }

  // A share between 0 and 1 per week with the goal as a reference line: the region's threshold for the measure,
  // above which the status is green (pks.threshold, basis VALUE).
  function waitingChart(figures) {
    const weeks = figures.weeks;
    const area = plotArea(weeks, 1);
    const goal = figures.threshold && figures.threshold.basis === 'VALUE' ? figures.threshold.yellowFrom : null;
    const measured = weeks.map((w, i) => [w, i]).filter(([w]) => w.actual !== null && w.actual !== undefined);
    const notAbove = measured.filter(([w]) => goal !== null && w.actual <= goal).length;
    const latest = measured.length ? measured[measured.length - 1][0] : null;
    const summary = 'Share of waiting patients within the care guarantee per week in ' + figures.year + ', '
      + measured.length + ' weeks. ' + (latest ? 'Latest, week ' + latest.isoWeek + ': '
        + formatValue(WAITING_MEASURE, latest.actual) + '. ' : '')
      + (goal !== null ? notAbove + ' weeks not above the goal of ' + formatValue(WAITING_MEASURE, goal) + '. '
        : '')
      + weeks.filter((w) => w.deficiencies.length > 0).length + ' weeks have known data deficiencies.';
    const svg = chartFrame('waiting-chart', 'Waiting within the care guarantee, share per week', summary);
    lowProductionBands(svg, weeks, area.x, area.band);
    axes(svg, weeks, area.x, area.y, 1, WAITING_MEASURE);
    if (goal !== null) {
      svg.appendChild(svgEl('line', { class: 'goal', 'aria-hidden': 'true', x1: MARGIN.left,
        x2: WIDTH - MARGIN.right, y1: area.y(goal), y2: area.y(goal) }));
    }
    svg.appendChild(svgEl('path', { class: 'line-actual', d: linePath(measured.map(([w, i]) =>
      [area.x(i), area.y(Math.min(Math.max(w.actual, 0), 1))])) }));
    const points = svgEl('g', { class: 'series-actual' });
    measured.forEach(([w, i]) => points.appendChild(svgEl('circle', { class: 'point', 'data-week': w.weekStart,
      'data-value': w.actual, cx: area.x(i), cy: area.y(Math.min(Math.max(w.actual, 0), 1)), r: 3 },
    svgEl('title', {}, 'Week ' + w.isoWeek + ': ' + formatValue(WAITING_MEASURE, w.actual)))));
    svg.appendChild(points);
    deficiencyMarkers(svg, weeks, area.x);
    const items = [{ kind: 'line', text: 'Share within the guarantee' }];
    if (goal !== null) {
      items.push({ kind: 'goal', text: 'Goal: above ' + formatValue(WAITING_MEASURE, goal) });
    }
    items.push({ kind: 'low', text: 'Low-production week' });
    items.push({ kind: 'marker', text: 'Week with known data deficiencies' });
    return [el('figcaption', {}, 'Within the care guarantee, ' + figures.year), svg, legend(items)];
  }

  function weeksTable(figures, caption) {
    const measure = figures.measure;
    const hasPlan = figures.weeks.some((w) => w.planned !== null && w.planned !== undefined);
    const headings = ['Week', 'Week starting', 'Outcome'];
    if (hasPlan) {
      headings.push(measureName(PLAN_TEXT[figures.planKind] || 'plan'));
    }
    headings.push('Low-production week', 'Known data deficiencies');
    const head = el('thead', {}, el('tr', {}, headings.map((h, i) =>
      el('th', { scope: 'col', class: i === 2 || (hasPlan && i === 3) ? 'number' : null }, h))));
    const body = el('tbody', {}, figures.weeks.map((w) => el('tr', { 'data-week': w.weekStart }, [
      el('th', { scope: 'row' }, String(w.isoWeek)),
      el('td', {}, date(w.weekStart)),
      el('td', { class: 'number' }, formatValue(measure, w.actual)),
      hasPlan ? el('td', { class: 'number' }, formatValue(measure, w.planned)) : null,
      el('td', {}, w.lowProduction ? 'Yes' : 'No'),
      el('td', {}, w.deficiencies.length === 0 ? 'None known'
        : el('ul', {}, w.deficiencies.map((d) => el('li', {}, deficiencyText(d)))))
    ])));
    return scrollable(el('table', { class: 'weeks' }, [el('caption', {}, caption), head, body]), caption);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Key figures: the region's units compared, last complete tertial
  // ------------------------------------------------------------------------------------------------------------

  function keyFigureText(keyFigure) {
    return KEY_FIGURE_TEXT[keyFigure] || { name: measureName(keyFigure), unit: '' };
  }

  function formatKeyFigure(keyFigure, value) {
    if (value === null || value === undefined) {
      return '\u2013';
    }
    const text = keyFigureText(keyFigure);
    return text.percent ? numberFormat.format(value * 100) + ' %' : new Intl.NumberFormat('en-GB',
      { maximumFractionDigits: 2 }).format(value);
  }

  function quartilePosition(figure, value) {
    if (value < figure.lowerQuartile) {
      return 'Below the lower quartile';
    }
    return value > figure.upperQuartile ? 'Above the upper quartile' : 'In the middle half';
  }

  function keyFigureSummary(figure, period) {
    const text = keyFigureText(figure.keyFigure);
    const caption = text.name + ', ' + period + ': the region, own units and private providers';
    const head = el('thead', {}, el('tr', {}, [
      el('th', { scope: 'col' }, 'Units'),
      el('th', { scope: 'col', class: 'number' }, 'Number'),
      el('th', { scope: 'col', class: 'number' }, 'Median'),
      el('th', { scope: 'col', class: 'number' }, 'Lower quartile'),
      el('th', { scope: 'col', class: 'number' }, 'Upper quartile')
    ]));
    const row = (label, units, median, lower, upper) => el('tr', {}, [
      el('th', { scope: 'row' }, label),
      el('td', { class: 'number' }, String(units)),
      el('td', { class: 'number' }, units === 0 ? 'none' : formatKeyFigure(figure.keyFigure, median)),
      el('td', { class: 'number' }, lower === null ? '\u2013' : formatKeyFigure(figure.keyFigure, lower)),
      el('td', { class: 'number' }, upper === null ? '\u2013' : formatKeyFigure(figure.keyFigure, upper))
    ]);
    const body = el('tbody', {}, [
      row('All units of the region', figure.unitsInGroup, figure.median, figure.lowerQuartile,
        figure.upperQuartile),
      row('Own units', figure.ownUnits, figure.ownMedian, null, null),
      row('Private providers', figure.privateUnits, figure.privateMedian, null, null)
    ]);
    return [
      el('p', { class: 'note' }, text.name + ' in ' + text.unit + '. ' + (DIRECTION_TEXT[figure.direction] || '')),
      scrollable(el('table', { class: 'key-figure-summary' }, [el('caption', {}, caption), head, body]), caption)
    ];
  }

  function keyFigureTable(figure, period, chosenUnitId) {
    const text = keyFigureText(figure.keyFigure);
    const caption = text.name + ' (' + text.unit + '), ' + period + ': every unit of the region, best first';
    const head = el('thead', {}, el('tr', {}, [
      el('th', { scope: 'col', class: 'number' }, 'Rank'),
      el('th', { scope: 'col' }, 'Unit'),
      el('th', { scope: 'col' }, 'Organisation'),
      el('th', { scope: 'col' }, 'Own or private'),
      el('th', { scope: 'col', class: 'number' }, text.name),
      el('th', { scope: 'col', class: 'number' }, 'Distance to the median'),
      el('th', { scope: 'col' }, 'Against the quartiles')
    ]));
    const body = el('tbody', {}, figure.units.map((unit) => {
      const chosen = unit.unitId === chosenUnitId;
      return el('tr', { 'data-unit': unit.unitId, class: chosen ? 'chosen' : null }, [
        el('td', { class: 'number' }, String(unit.rank)),
        el('th', { scope: 'row' }, chosen ? [unit.unitName, el('strong', {}, ' (the unit chosen above)')]
          : unit.unitName),
        el('td', {}, unit.organisationName),
        el('td', {}, unit.ownership === 'PRIVATE' ? 'Private provider' : 'Own unit'),
        el('td', { class: 'number' }, formatKeyFigure(figure.keyFigure, unit.value)),
        el('td', { class: 'number' }, formatPct(unit.distanceToMedianPct)),
        el('td', {}, quartilePosition(figure, unit.value))
      ]);
    }));
    return scrollable(el('table', { class: 'key-figures' }, [el('caption', {}, caption), head, body]), caption);
  }

  function loadKeyFigures(organisationId) {
    return tracked(async () => {
      const mine = ++keyFigureGeneration;
      const data = await getJson(API + '/key-figures?organisationId=' + encodeURIComponent(organisationId));
      if (mine !== keyFigureGeneration) {
        return;
      }
      state.keyFigures = data;
      loadReport(data.keyFigures.length > 0 ? data.keyFigures[0].regionId : null, data.periodStart,
        data.periodEnd).catch(failed);
      const previous = elements.keyFigure.value;
      fill(elements.keyFigure, data.keyFigures.map((f) => ({ value: f.keyFigure,
        text: keyFigureText(f.keyFigure).name })), previous);
      renderKeyFigures();
    });
  }

  function renderKeyFigures() {
    const data = state.keyFigures;
    const summary = document.getElementById('key-figure-summary');
    const table = document.getElementById('key-figure-table');
    [summary, table].forEach(clear);
    if (!data) {
      return;
    }
    const period = date(data.periodStart) + ' to ' + date(data.periodEnd);
    document.getElementById('key-figure-heading').textContent = 'Key figures: units compared, ' + period;
    const figure = data.keyFigures.find((f) => f.keyFigure === elements.keyFigure.value);
    const section = document.getElementById('key-figure-results');
    if (!figure) {
      summary.appendChild(el('p', {}, 'No key figures have been published for ' + period
        + ': no organisation of the region has approved the tertial yet, or its units reported no figures for it.'));
      section.removeAttribute('data-key-figure');
      return;
    }
    append(summary, keyFigureSummary(figure, period));
    append(table, keyFigureTable(figure, period, elements.unit.value));
    section.setAttribute('data-key-figure', figure.keyFigure);
    section.setAttribute('data-unit', elements.unit.value);
  }


  // ------------------------------------------------------------------------------------------------------------
  // The region's follow-up report of the last complete tertial (/api/v1/public/reports/follow-up, docs/reports.md):
  // linked once it is published, i.e. once every organisation of the region has approved the tertial
  // ------------------------------------------------------------------------------------------------------------

  function tertialName(periodStart) {
    const month = Number(periodStart.slice(5, 7));
    return periodStart.slice(0, 4) + '-T' + (1 + Math.floor((month - 1) / 4));
  }

  async function loadReport(regionId, periodStart, periodEnd) {
    const mine = ++reportGeneration;
    const target = document.getElementById('report-links');
    if (!regionId || !periodStart) {
      clear(target);
      return;
    }
    const url = API + '/reports/follow-up?regionId=' + encodeURIComponent(regionId) + '&period='
      + tertialName(periodStart);
    const published = (await fetch(url + '&format=html', { method: 'HEAD' })).ok;
    const round = await latestClosedRound(regionId);
    if (mine !== reportGeneration) {
      return;
    }
    clear(target);
    const period = date(periodStart) + ' to ' + date(periodEnd);
    document.getElementById('report-results').setAttribute('data-published', String(published));
    if (!published) {
      target.appendChild(el('p', {}, 'The report for ' + period + ' is not published yet: not every organisation'
        + ' of the region has approved the tertial.'));
    } else {
      append(target, [el('p', {}, [
        'The report for ' + period + ': ',
        el('a', { href: url + '&format=html' }, 'read it as a web page'),
        ' or ',
        el('a', { href: url + '&format=pdf' }, 'download it as PDF'),
        '.'
      ])]);
    }
    target.appendChild(roundParagraph(round));
  }

  // The region's latest closed benchmarking round (/api/v1/public/benchmarking-rounds, docs/benchmarking-round.md):
  // its final figures, reviewed by the units, are published once the round is closed
  async function latestClosedRound(regionId) {
    const answer = await fetch(API + '/benchmarking-rounds?regionId=' + encodeURIComponent(regionId));
    if (!answer.ok) {
      return null;
    }
    const rounds = await answer.json();
    return rounds.reduce((latest, round) => (latest === null || round.closedAt > latest.closedAt ? round : latest),
      null);
  }

  function roundParagraph(round) {
    document.getElementById('report-results').setAttribute('data-round', round === null ? '' : String(round.roundId));
    if (round === null) {
      return el('p', {}, 'No benchmarking round of the region has been closed yet.');
    }
    const url = API + '/benchmarking-rounds/' + round.roundId + '/report';
    return el('p', {}, [
      'The benchmarking round of ' + date(round.periodStart) + ' to ' + date(round.periodEnd) + ', in which the '
        + round.units + ' units reviewed their key figures before they became final: ',
      el('a', { href: url + '?format=html' }, 'read its report as a web page'),
      ' or ',
      el('a', { href: url + '?format=pdf' }, 'download it as PDF'),
      '.'
    ]);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Approved figures (/api/v1/public/approved): the unit's latest approved month or tertial as it was published
  // ------------------------------------------------------------------------------------------------------------

  function periodText(period) {
    if (period.periodKind === 'MONTH') {
      return monthFormat.format(new Date(period.periodStart + 'T00:00:00Z'));
    }
    return 'the tertial ' + date(period.periodStart) + ' to ' + date(period.periodEnd);
  }

  // The deviations from each plan, and the value alone of a measure without a plan.
  function approvedRows(figures) {
    const planned = new Set(figures.filter((f) => f.planKind !== null).map((f) => f.measure));
    return figures.filter((f) => f.planKind !== null || !planned.has(f.measure));
  }

  function approvedTable(published, caption) {
    const head = el('thead', {}, el('tr', {}, [
      el('th', { scope: 'col' }, 'Measure'),
      el('th', { scope: 'col' }, 'Compared with'),
      el('th', { scope: 'col', class: 'number' }, 'Approved outcome'),
      el('th', { scope: 'col', class: 'number' }, 'Plan'),
      el('th', { scope: 'col', class: 'number' }, 'Difference'),
      el('th', { scope: 'col' }, 'Status'),
      el('th', { scope: 'col' }, 'Changed since approval')
    ]));
    const body = el('tbody', {}, approvedRows(published.figures).map((row) => el('tr', {
      'data-measure': row.measure, 'data-changed': String(row.changedAfterApproval) }, [
      el('th', { scope: 'row' }, measureName(row.measure)),
      el('td', {}, row.planKind === null ? 'no plan' : PLAN_TEXT[row.planKind] || row.planKind),
      el('td', { class: 'number' }, formatValue(row.measure, row.actual)),
      el('td', { class: 'number' }, row.planKind === null ? '\u2013' : formatValue(row.measure, row.expected)),
      el('td', { class: 'number' }, formatPct(row.deviationPct)),
      statusCell(row.status),
      el('td', { class: row.changedAfterApproval ? 'deficiency-cell' : null }, row.changedAfterApproval
        ? [el('span', { class: 'deficiency-flag', 'aria-hidden': 'true' }, '! '), 'Yes: now '
          + formatValue(row.measure, row.liveActual) + ' (approved ' + formatValue(row.measure, row.actual) + ')']
        : 'No')
    ])));
    return scrollable(el('table', { class: 'approved' }, [el('caption', {}, caption), head, body]), caption);
  }

  function loadApproved(organisationId, unitId, unitName) {
    return tracked(() => drawApproved(organisationId, unitId, unitName));
  }

  async function drawApproved(organisationId, unitId, unitName) {
    const mine = ++approvedGeneration;
    const periods = await getJson(API + '/approved?organisationId=' + encodeURIComponent(organisationId)
      + '&unitId=' + encodeURIComponent(unitId));
    const latest = periods[0];
    const published = latest ? await getJson(API + '/approved/units/' + encodeURIComponent(unitId)
      + '?periodKind=' + latest.periodKind + '&periodStart=' + latest.periodStart) : null;
    if (mine !== approvedGeneration) {
      return;
    }
    const target = document.getElementById('approved-table');
    clear(target);
    const section = document.getElementById('approved-results');
    section.setAttribute('data-unit', unitId);
    if (!published) {
      document.getElementById('approved-heading').textContent = 'Approved figures';
      section.removeAttribute('data-period');
      target.appendChild(el('p', {}, 'No month or tertial of ' + unitName + ' has been approved yet.'));
      return;
    }
    const period = published.period;
    document.getElementById('approved-heading').textContent = 'Approved figures: ' + periodText(period);
    section.setAttribute('data-period', period.periodKind + ' ' + period.periodStart);
    const changed = period.changedFigures;
    append(target, [
      el('p', { class: 'note' }, 'Approved on ' + date(period.approvedAt.slice(0, 10)) + ' (version '
        + period.version + ').' + (period.state === 'REOPENED'
        ? ' The approval has been withdrawn for a correction; these are the figures last approved.' : '')
        + (changed > 0 ? ' ' + changed + (changed === 1 ? ' figure has' : ' figures have')
          + ' changed since, marked with ! below.' : '')),
      approvedTable(published, 'Approved figures, ' + unitName + ', ' + periodText(period))
    ]);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Loading
  // ------------------------------------------------------------------------------------------------------------

  function setState(value) {
    document.body.setAttribute('data-state', value);
  }

  // The page is ready (data-state="ready") when no load is under way, stale ones included.
  let pending = 0;

  async function tracked(load) {
    pending++;
    setState('loading');
    try {
      return await load();
    } finally {
      pending--;
      if (pending === 0 && document.body.getAttribute('data-state') === 'loading') {
        setState('ready');
      }
    }
  }

  function fill(select, options, selected) {
    clear(select);
    options.forEach((option) => select.appendChild(el('option', { value: option.value }, option.text)));
    if (selected !== undefined && options.some((o) => o.value === selected)) {
      select.value = selected;
    }
  }

  async function loadOrganisation() {
    const organisation = state.organisations.find((o) => o.organisationId === elements.organisation.value);
    fill(elements.unit, organisation.units.map((u) => ({ value: u.unitId, text: u.name })));
    await Promise.all([showOrganisation(organisation.organisationId), loadUnit(),
      loadKeyFigures(organisation.organisationId)]);
  }

  function showOrganisation(organisationId) {
    return tracked(() => drawOrganisation(organisationId));
  }

  async function drawOrganisation(organisationId) {
    const mine = ++organisationGeneration;
    const results = await getJson(API + '/organisations/' + encodeURIComponent(organisationId));
    if (mine !== organisationGeneration) {
      return;
    }
    const ownership = results.ownership === 'PRIVATE' ? 'private provider' : 'public hospital';
    document.getElementById('organisation-heading').textContent = results.organisationName + ' (' + ownership
      + '): year to date';
    const target = document.getElementById('organisation-year-to-date');
    clear(target);
    const section = document.getElementById('organisation-results');
    if (!results.approvedThrough) {
      append(target, el('p', { class: 'note' }, results.note));
      section.removeAttribute('data-approved-through');
    } else {
      append(target, [
        approvedThroughNote(results),
        el('p', { class: 'note' }, 'All ' + results.units.length + ' units together, from 1 January to '
          + date(results.approvedThrough) + '. Rates are recomputed from the units\u2019 parts, not averaged.'),
        yearToDateTable(results.yearToDate, 'Outcome against plan, year to date, ' + results.organisationName, true)
      ]);
      section.setAttribute('data-approved-through', results.approvedThrough);
    }
    section.setAttribute('data-organisation', organisationId);
  }

  // "Approved figures through November 2026": the year to date runs through the latest approved month, as approved.
  function approvedThroughNote(results) {
    const approval = results.approval;
    return el('p', { class: 'approved-through' }, [
      el('strong', {}, 'Approved figures through ' + monthFormat.format(new Date(approval.periodStart
        + 'T00:00:00Z')) + '.'),
      ' Approved on ' + date(approval.approvedAt.slice(0, 10)) + ' (version ' + approval.version + ').'
        + (approval.state === 'REOPENED'
          ? ' The month has been re-opened for a correction; these figures stand until it is approved again.' : '')
    ]);
  }

  function loadUnit() {
    return tracked(drawUnit);
  }

  async function drawUnit() {
    const mine = ++generation;
    const unitId = elements.unit.value;
    const results = await getJson(API + '/units/' + encodeURIComponent(unitId));
    if (mine !== generation) {
      return;
    }
    state.unit = results.unit;
    state.measures = results.measures;
    document.getElementById('unit-heading').textContent = results.unit.name + ': year to date';
    const target = document.getElementById('unit-year-to-date');
    clear(target);
    const section = document.getElementById('unit-results');
    if (!results.approvedThrough) {
      append(target, el('p', { class: 'note' }, results.note));
      section.removeAttribute('data-approved-through');
    } else {
      append(target, [
        approvedThroughNote(results),
        yearToDateTable(results.yearToDate, 'Outcome against plan, year to date, ' + results.unit.name, false)
      ]);
      section.setAttribute('data-approved-through', results.approvedThrough);
    }
    section.setAttribute('data-unit', unitId);
    renderKeyFigures();
    loadApproved(results.unit.organisationId, unitId, results.unit.name).catch(failed);

    const previous = elements.measure.value;
    const available = results.measures.map((m) => m.measure);
    const preferred = available.includes(previous) ? previous
      : PREFERRED_MEASURES.find((m) => available.includes(m)) || available[0];
    fill(elements.measure, results.measures.map((m) => ({ value: m.measure, text: measureName(m.measure) })),
      preferred);
    await drawCharts(mine);
  }

  function loadCharts() {
    return tracked(() => drawCharts(++generation));
  }

  async function drawCharts(mine) {
    const unitId = elements.unit.value;
    const year = elements.year.value;
    const measure = elements.measure.value;
    const waiting = state.measures.some((m) => m.measure === WAITING_MEASURE);
    const base = API + '/units/' + encodeURIComponent(unitId) + '/figures?year=' + encodeURIComponent(year)
      + '&measure=';
    const [figures, waitingFigures] = await Promise.all([
      measure ? getJson(base + encodeURIComponent(measure)) : Promise.resolve(null),
      waiting ? getJson(base + WAITING_MEASURE) : Promise.resolve(null)
    ]);
    if (mine !== generation) {
      return;
    }
    renderWeekly(figures);
    renderWaiting(waitingFigures);
    announce('Showing ' + (state.unit ? state.unit.name : '') + (measure ? ', ' + measureName(measure).toLowerCase()
      : '') + ', ' + year + '.');
  }

  function renderWeekly(figures) {
    const section = document.getElementById('weekly-results');
    const weeklyFigure = document.getElementById('weekly-figure');
    const cumulativeFigure = document.getElementById('cumulative-figure');
    const table = document.getElementById('weekly-table');
    [weeklyFigure, cumulativeFigure, table].forEach(clear);
    const aside = document.getElementById('weekly-deficiencies');
    if (!figures || figures.weeks.length === 0) {
      document.getElementById('weekly-heading').textContent = 'Week by week';
      weeklyFigure.appendChild(el('p', {}, 'No weekly figures have been approved and published for this choice.'
        + ' A week is published once the month it ends in has been approved.'));
      renderDeficiencyList(aside, [], 'this measure');
      section.removeAttribute('data-measure');
      section.setAttribute('data-unit', elements.unit.value);
      section.setAttribute('data-year', elements.year.value);
      return;
    }
    document.getElementById('weekly-heading').textContent = 'Week by week: '
      + measureName(figures.measure).toLowerCase() + ', ' + figures.year;
    append(weeklyFigure, weeklyChart(figures));
    if (figures.kind === 'COUNT') {
      append(cumulativeFigure, cumulativeChart(figures));
    }
    append(table, weeksTable(figures, measureName(figures.measure) + ' per week, ' + figures.year));
    renderDeficiencyList(aside, figures.weeks, measureName(figures.measure).toLowerCase());
    section.setAttribute('data-measure', figures.measure);
    section.setAttribute('data-unit', figures.unitId);
    section.setAttribute('data-year', String(figures.year));
  }

  function renderWaiting(figures) {
    const section = document.getElementById('waiting-results');
    const figure = document.getElementById('waiting-figure');
    const table = document.getElementById('waiting-table');
    [figure, table].forEach(clear);
    const aside = document.getElementById('waiting-deficiencies');
    if (!figures || figures.weeks.length === 0) {
      figure.appendChild(el('p', {}, 'This unit has no approved waiting-list figures for this year.'));
      renderDeficiencyList(aside, [], 'the waiting list');
      section.removeAttribute('data-unit');
      return;
    }
    append(figure, waitingChart(figures));
    append(table, weeksTable(figures, 'Share within the care guarantee per week, ' + figures.year));
    renderDeficiencyList(aside, figures.weeks, 'the waiting list');
    section.setAttribute('data-unit', figures.unitId);
  }

  function failed(error) {
    setState('error');
    announce('The figures could not be loaded: ' + error.message);
  }

  async function start() {
    try {
      const data = await getJson(API + '/organisations');
      state.asOf = data.asOf;
      state.organisations = data.organisations;
      elements.asOf.textContent = 'Today is ' + date(data.asOf) + '. Only approved figures are shown: each month'
        + ' is published once the units\u2019 production managers have approved it.';
      const currentYear = Number(data.asOf.slice(0, 4));
      fill(elements.year, [currentYear, currentYear - 1].map((y) => ({ value: String(y), text: String(y) })));
      fill(elements.organisation, data.organisations.map((o) => ({ value: o.organisationId,
        text: o.organisationName })));
      if (data.organisations.length === 0) {
        setState('ready');
        announce('No figures have been published yet.');
        return;
      }
      await loadOrganisation();
    } catch (error) {
      failed(error);
    }
  }

  elements.organisation.addEventListener('change', () => loadOrganisation().catch(failed));
  elements.unit.addEventListener('change', () => loadUnit().catch(failed));
  elements.measure.addEventListener('change', () => loadCharts().catch(failed));
  elements.year.addEventListener('change', () => loadCharts().catch(failed));
  elements.keyFigure.addEventListener('change', renderKeyFigures);
  document.getElementById('choice').addEventListener('submit', (event) => event.preventDefault());

  start();
}());
