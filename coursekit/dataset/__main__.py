"""``python -m coursekit.dataset``: rebuild datasets/ and images/my_image*.jpg from the seed."""

from coursekit.dataset.build import main

main()
