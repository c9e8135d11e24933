// Shared modules without type declarations in this repo; the host only passes them through.
declare module 'prismjs';
declare module 'react-router-dom';
declare module 'slate';
declare module 'slate-plain-serializer';
