// A small automated accessibility check, run in the page by PublicResultsPageTest. It covers the WCAG basics a
// machine can decide; it returns one line per violation, so an empty list means the page passed.
// Not covered: whether texts make sense, focus order beyond the controls, zoom and reflow.
const violations = [];

function accessibleName(node) {
  const labelledBy = node.getAttribute('aria-labelledby');
  if (labelledBy) {
    return labelledBy.split(/\s+/).map((id) => {
      const target = document.getElementById(id);
      return target ? target.textContent : '';
    }).join(' ').trim();
  }
  if (node.getAttribute('aria-label')) {
    return node.getAttribute('aria-label').trim();
  }
  if (node.id) {
    const label = document.querySelector('label[for="' + node.id + '"]');
    if (label) {
      return label.textContent.trim();
    }
  }
  const wrapping = node.closest('label');
  return wrapping ? wrapping.textContent.trim() : '';
}

function describe(node) {
  return node.tagName.toLowerCase() + (node.id ? '#' + node.id : '')
    + (node.getAttribute('class') ? '.' + node.getAttribute('class').split(/\s+/).join('.') : '');
}

function hiddenFromAssistiveTechnology(node) {
  return node.closest('[aria-hidden="true"]') !== null;
}

// 3.1.1 Language of page
if (!document.documentElement.getAttribute('lang')) {
  violations.push('html has no lang attribute');
}
// 2.4.2 Page titled
if (!document.title.trim()) {
  violations.push('the page has no title');
}
// 1.3.1 Headings and landmarks
const h1 = document.querySelectorAll('h1');
if (h1.length !== 1) {
  violations.push('expected exactly one h1, found ' + h1.length);
}
let previousLevel = 0;
document.querySelectorAll('h1, h2, h3, h4, h5, h6').forEach((heading) => {
  const level = Number(heading.tagName.substring(1));
  if (level > previousLevel + 1) {
    violations.push('heading level skipped: ' + heading.tagName + ' "' + heading.textContent.trim()
      + '" after h' + previousLevel);
  }
  if (!heading.textContent.trim()) {
    violations.push('empty heading ' + describe(heading));
  }
  previousLevel = level;
});
if (document.querySelectorAll('main, [role="main"]').length !== 1) {
  violations.push('expected exactly one main landmark');
}
// 1.3.1 / 4.1.2 Every form control has a label
document.querySelectorAll('input, select, textarea, button').forEach((control) => {
  if (control.type !== 'hidden' && !accessibleName(control) && !(control.tagName === 'BUTTON'
      && control.textContent.trim())) {
    violations.push('form control without a label: ' + describe(control));
  }
});
// 1.1.1 Non-text content: images and charts have a name, or are hidden as decoration
document.querySelectorAll('img').forEach((img) => {
  if (!img.hasAttribute('alt')) {
    violations.push('img without alt: ' + describe(img));
  }
});
document.querySelectorAll('svg').forEach((svg) => {
  if (hiddenFromAssistiveTechnology(svg)) {
    return;
  }
  if (svg.getAttribute('role') !== 'img') {
    violations.push('svg neither hidden nor role="img": ' + describe(svg));
  }
  if (!accessibleName(svg)) {
    violations.push('svg without an accessible name: ' + describe(svg));
  }
});
// 2.4.4 Links have text
document.querySelectorAll('a').forEach((link) => {
  if (!link.textContent.trim() && !accessibleName(link)) {
    violations.push('link without text: ' + describe(link));
  }
});
// 2.1.1 Keyboard: a scrolling region must be reachable to scroll it without a mouse
document.querySelectorAll('*').forEach((node) => {
  const style = getComputedStyle(node);
  const scrolls = (style.overflowY === 'auto' || style.overflowY === 'scroll') && node.scrollHeight > node.clientHeight;
  if (scrolls && node.tabIndex < 0 && !node.querySelector('a, button, select, input, [tabindex]')) {
    violations.push('scrolling region not reachable by keyboard: ' + describe(node));
  }
});
// 1.4.3 Contrast (minimum): every visible text against the first opaque background behind it
function rgba(colour) {
  const parts = colour.match(/[\d.]+/g).map(Number);
  return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
}
function luminance(c) {
  const channel = (v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}
function background(node) {
  for (let current = node; current; current = current.parentElement) {
    const colour = rgba(getComputedStyle(current).backgroundColor);
    if (colour.a > 0.99) {
      return colour;
    }
  }
  return { r: 255, g: 255, b: 255, a: 1 };
}
document.querySelectorAll('body *').forEach((node) => {
  if (node.closest('svg') || hiddenFromAssistiveTechnology(node)) {
    return;
  }
  const ownText = Array.from(node.childNodes).some((child) => child.nodeType === 3 && child.textContent.trim());
  const style = getComputedStyle(node);
  if (!ownText || style.visibility === 'hidden' || style.display === 'none' || node.getClientRects().length === 0
      || style.position === 'absolute' && style.clip === 'rect(0px, 0px, 0px, 0px)') {
    return;
  }
  const foreground = luminance(rgba(style.color));
  const back = luminance(background(node));
  const ratio = (Math.max(foreground, back) + 0.05) / (Math.min(foreground, back) + 0.05);
  const size = parseFloat(style.fontSize);
  const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
  if (ratio < (large ? 3 : 4.5)) {
    violations.push('contrast ' + ratio.toFixed(2) + ':1 too low for "' + node.textContent.trim().slice(0, 40)
      + '" (' + describe(node) + ')');
  }
});
return violations;
