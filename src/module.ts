import { AppPlugin } from '@grafana/data';

import { AppRoot } from './components/AppRoot/AppRoot';

export const plugin = new AppPlugin<{}>().setRootPage(AppRoot);
