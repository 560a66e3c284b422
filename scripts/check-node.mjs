/**
 * First step of every npm script: on a Node.js older than the app needs, print one plain line
 * that says which Node is needed and how to get it, and stop, instead of a stack trace from deep
 * inside the app (`node:sqlite` and undici 8 need Node 24). Written in syntax any Node can parse.
 */
var needed = 24;
var major = Number(process.versions.node.split('.')[0]);
if (!(major >= needed)) {
  console.error(
    'VideoDB Clips needs Node.js ' +
      needed +
      ' or newer; this is Node.js ' +
      process.versions.node +
      '. Install Node.js ' +
      needed +
      ' (with nvm: `nvm install` reads .nvmrc) and run the command again.',
  );
  process.exit(1);
}
