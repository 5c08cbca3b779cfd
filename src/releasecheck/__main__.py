from releasecheck.cli import main

main()
