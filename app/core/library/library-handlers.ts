/** The `library:` calls, answered by the {@link LibraryService}. */
import type { Handlers } from '../../shared/contract';
import type { LibraryService } from './library-service';

/** Names of the `library:` calls. */
export type LibraryCallName = Extract<keyof Handlers, `library:${string}`>;

/** One handler per `library:` call. */
export function createLibraryHandlers(library: LibraryService): Pick<Handlers, LibraryCallName> {
  return {
    'library:list-collections': (input) => library.listCollections(input),
    'library:list-videos': (input) => library.listVideos(input),
    'library:get-video': (input) => library.getVideo(input),
    'library:refresh': (input) => library.refresh(input),
    'library:make-searchable': (input) => library.makeSearchable(input),
  };
}
