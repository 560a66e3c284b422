/**
 * A place files can be dropped on (from the system's file manager): while files are dragged over
 * it, it says where they will go; a drop hands the files over. Drags of anything else (text, a
 * clip row) pass through untouched.
 */
import { useRef, useState, type DragEvent, type ReactNode } from 'react';

/** Does this drag carry files from outside the page? */
function carriesFiles(e: DragEvent): boolean {
  return [...e.dataTransfer.types].includes('Files');
}

/** Props of {@link FileDropZone}. */
export interface FileDropZoneProps {
  /** Where the files go, for the overlay ("Drop to add to Talks"). */
  collectionName: string;
  onFiles: (files: File[]) => void;
  children: ReactNode;
  className?: string;
}

/** Wrap `children` so files can be dropped on them. */
export function FileDropZone({ collectionName, onFiles, children, className }: FileDropZoneProps) {
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed: count them.
  const depth = useRef(0);
  return (
    <div
      className={`file-drop${over ? ' file-drop--over' : ''}${className ? ` ${className}` : ''}`}
      onDragEnter={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(e) => {
        if (!carriesFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        const files = [...e.dataTransfer.files];
        if (files.length > 0) onFiles(files);
      }}
    >
      {children}
      {over && (
        <div className="file-drop__overlay" aria-hidden="true">
          <p>Drop to add to {collectionName}</p>
        </div>
      )}
    </div>
  );
}
