// The interactive API page (/docs): Swagger UI, served by this service and started here
// rather than by an inline script, which the pages' Content-Security-Policy refuses.
/* global SwaggerUIBundle */
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  // The default would fetch a badge from the public validator: nothing leaves this host.
  validatorUrl: null,
  // The bearer token stays in this tab's memory, as in the web UI (no localStorage).
  persistAuthorization: false,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
