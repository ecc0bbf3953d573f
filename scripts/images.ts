// `npm run images`: every pinned image, one a line, for `docker pull` and `docker save` on a
// machine that reaches the registries (docs/offline-deploy.md).
import { IMAGES } from '../constructs/engine/images';

console.log(Object.values(IMAGES).join('\n'));
