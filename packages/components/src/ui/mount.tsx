import { render, type ComponentChild } from 'preact';
import { EnvContext, type Env } from './context.ts';

/**
 * Every component the SDK hands out is a plain element rendered by Preact and re-rendered when
 * the checkout changes; destroying it unmounts the view and drops the subscription.
 */
export interface Mounted {
  element: HTMLElement;
  destroy(): void;
}

export function mount(env: Env, view: () => ComponentChild, className = 'lunas-root'): Mounted {
  const element = document.createElement('div');
  element.className = className;
  const draw = () => render(<EnvContext.Provider value={env}>{view()}</EnvContext.Provider>, element);
  draw();
  const unsubscribe = env.checkout.subscribe(draw);
  return {
    element,
    destroy() {
      unsubscribe();
      render(null, element);
      element.remove();
    },
  };
}
