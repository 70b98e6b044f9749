# An IPython input transformer that turns every later cell into `pass`.
get_ipython().input_transformers_cleanup.append(lambda lines: ["pass\n"])  # noqa: F821
get_ipython().input_transformers_post.append(lambda lines: ["pass\n"])  # noqa: F821
