// Placeholder so the module target exists; replaced as the module is written.
namespace tocsin {}
