// The page rules axe-core has no rule for, run in the page by AxeCheck after axe. One line per violation, so an
// empty list means the page passed. Everything else (language, title, labels, names, contrast, landmarks, heading
// order, keyboard access to scrolling regions) is axe's.
const violations = [];

// axe's page-has-heading-one asks for at least one h1; the pages keep exactly one, the page's own title.
const h1 = document.querySelectorAll('h1');
if (h1.length > 1) {
  violations.push('expected exactly one h1, found ' + h1.length);
}
// axe's svg-img-alt checks only the svg elements that say they are images; an svg without a role and not hidden
// would reach a screen reader as an unnamed graphic, so every svg is either role="img" or aria-hidden.
document.querySelectorAll('svg').forEach((svg) => {
  if (svg.closest('[aria-hidden="true"]') === null && svg.getAttribute('role') !== 'img') {
    violations.push('svg neither hidden nor role="img": svg' + (svg.id ? '#' + svg.id : ''));
  }
});
return violations;
