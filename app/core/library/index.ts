/** Library: collections, videos, scene indexes, make-searchable tasks; cached for offline. */
export { LibraryService, type LibraryDeps } from './library-service';
export { createLibraryHandlers, type LibraryCallName } from './library-handlers';
