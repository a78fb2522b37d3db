// Swagger UI served by the gateway at /docs over every service's OpenAPI document.
window.onload = function () {
  window.ui = SwaggerUIBundle({
    urls: [
      { url: '/docs/specs/user-service.json', name: 'user-service' },
      { url: '/docs/specs/event-service.json', name: 'event-service' },
      { url: '/docs/specs/booking-service.json', name: 'booking-service' },
      { url: '/docs/specs/notifier-service.json', name: 'notifier-service' },
    ],
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
