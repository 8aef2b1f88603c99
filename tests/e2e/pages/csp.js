// Records CSP violations so the test can assert the page's policy is really enforced.
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.blockedURI + ' ' + e.violatedDirective));
