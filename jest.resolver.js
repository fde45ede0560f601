/**
 * kubernetes-models and @kubernetes-models/* (schemas of Kubernetes objects and custom resources, used by tests only)
 * are ESM-only packages whose `exports` list just the `import` condition, as are two of their dependencies (is-cidr,
 * cidr-regex). Jest resolves with `require`; for those packages (and the modules inside them) this resolver asks for
 * `import` instead, and jest.config.js transforms them to CommonJS with the same @swc/jest transform as our code.
 */
const K8S_MODELS = /(^|[\\/])(@kubernetes-models[\\/][^\\/]+|kubernetes-models|is-cidr|cidr-regex)([\\/]|$)/;

module.exports = (request, options) => {
  const esmOnly = K8S_MODELS.test(request) || K8S_MODELS.test(options.basedir);
  return options.defaultResolver(request, esmOnly ? { ...options, conditions: ['import', 'default'] } : options);
};
