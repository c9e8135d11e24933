/*
 * The modules Grafana shares with plugins at runtime, from the REAL packages, mirroring
 * public/app/features/plugins/loader/sharedDependencies.ts in Grafana 12. The host bundle
 * renders with these very instances, so a plugin's React, @grafana/ui and @grafana/data
 * are the host's, exactly as in Grafana.
 *
 * Left out, with reasons: `d3` (not a dependency of this repo, and Grafana only keeps it for
 * old Angular-era plugins), jquery flot plugins, `app/core/*` legacy SDK paths except the few
 * below, `@kusto/monaco-kusto`, and the `/unstable` entry points.
 */
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUIraw from '@grafana/ui';
import i18next from 'i18next';
import jquery from 'jquery';
import * as lodash from 'lodash';
import moment from 'moment';
import prismjs from 'prismjs';
import * as react from 'react';
import * as reactDom from 'react-dom';
import * as reactDomClient from 'react-dom/client';
import * as reactInlineSvg from 'react-inlinesvg';
import * as jsxRuntime from 'react/jsx-runtime';
import * as reactRedux from 'react-redux';
import * as reactRouterDom from 'react-router-dom';
import * as reactRouterCompat from 'react-router-dom-v5-compat';
import * as redux from 'redux';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';
import * as slate from 'slate';
import * as slatePlainSerializer from 'slate-plain-serializer';

// Grafana's "6.4 to 6.5 migration" aliases: plugin base classes on @grafana/ui too.
const grafanaUI: Record<string, unknown> = { ...grafanaUIraw };
grafanaUI.PanelPlugin = grafanaData.PanelPlugin;
grafanaUI.DataSourcePlugin = grafanaData.DataSourcePlugin;
grafanaUI.AppPlugin = grafanaData.AppPlugin;
grafanaUI.DataSourceApi = grafanaData.DataSourceApi;

/** name a plugin imports → the module object SystemJS hands it (`__useDefault` unwraps `default`) */
export const sharedDependenciesMap: Record<string, Record<string, unknown>> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUI,
  'app/core/utils/datemath': grafanaData.dateMath as unknown as Record<string, unknown>,
  'app/core/services/backend_srv': { getBackendSrv: grafanaRuntime.getBackendSrv },
  emotion: emotionCss,
  i18next: { default: i18next, __useDefault: true },
  jquery: { default: jquery, __useDefault: true },
  lodash: { ...lodash, default: lodash, __useDefault: true },
  moment: { ...moment, default: moment, __useDefault: true },
  prismjs: { default: prismjs, __useDefault: true },
  react,
  'react/jsx-runtime': jsxRuntime,
  'react-dom': reactDom,
  'react-dom/client': reactDomClient,
  'react-inlinesvg': reactInlineSvg,
  'react-redux': reactRedux,
  'react-router-dom': reactRouterDom,
  'react-router': reactRouterCompat,
  redux,
  rxjs,
  'rxjs/operators': rxjsOperators,
  slate,
  'slate-plain-serializer': slatePlainSerializer,
};

/** The SystemJS URL scheme Grafana registers shared modules under (loader/constants.ts). */
export const SHARED_DEPENDENCY_PREFIX = 'package';
