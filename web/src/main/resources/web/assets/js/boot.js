// Runs before the page paints (classic script, no inline code so a strict CSP can forbid inline
// scripts): tells the GOV.UK Frontend CSS that JavaScript and its components are available.
document.body.className += ' js-enabled' +
    ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
